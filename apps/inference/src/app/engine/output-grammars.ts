import { Injectable } from '@nestjs/common';
import type { GbnfJsonSchema, LlamaGrammar } from 'node-llama-cpp';
import type { OutputField, OutputScalarType, ResponseSchema } from '@lamini/contracts';
import { LlamaRuntime } from './llama-runtime';

const SCALAR_SCHEMAS: Record<OutputScalarType, GbnfJsonSchema> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
};

export function fieldSchema(field: OutputField): GbnfJsonSchema {
  switch (field.kind) {
    case 'scalar':
      return SCALAR_SCHEMAS[field.type];
    case 'list':
      return { type: 'array', items: SCALAR_SCHEMAS[field.type] };
    case 'choice':
      return { enum: field.values };
  }
}

const MAX_GRAMMARS = 256;

/** One grammar per value shape, compiled once: `{"type":"integer"}` is the same grammar for every request. */
@Injectable()
export class OutputGrammars {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(private readonly runtime: LlamaRuntime) {}

  for(field: OutputField): Promise<LlamaGrammar> {
    return this.forSchema(fieldSchema(field));
  }

  /** A response_format's schemas come from clients: the cache is bounded, oldest first out. */
  forSchema(schema: GbnfJsonSchema | ResponseSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      // The schema's type is only known at run time; node-llama-cpp's generics want a literal.
      grammar = this.runtime.get().then(({ llama }) => llama.createGrammarForJsonSchema(schema as never));
      grammar.catch(() => this.grammars.delete(key));
      if (this.grammars.size >= MAX_GRAMMARS) this.grammars.delete(this.grammars.keys().next().value!);
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}
