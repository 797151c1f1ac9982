import type { LlamaGrammar } from 'node-llama-cpp';
import { type OutputField, type ResponseSchema, minimalValue } from '@lamini/contracts';
import { valueOf } from './partial-json-value';

/** Generates a value's text under `grammar` after the JSON `written` so far, in at most `maxTokens`. */
export type GrammarGeneration = (written: string, grammar: LlamaGrammar, maxTokens: number) => Promise<{ text: string; tokens: number; cut: boolean }>;

/** The smallest budget a value gets, so that each has room to start. */
const MIN_VALUE_TOKENS = 2;

/**
 * Writes a JSON value that validates against a schema, the way TextGenerator.structured writes
 * an output_type: objects with declared properties are written here key by key, and the model
 * produces each value under that value's grammar with a share of the budget. A value cut short
 * by the budget or the time limit is closed (a string, a number) or replaced by the schema's
 * smallest valid value, so the result always parses and validates; `cut` tells that it was.
 */
export class JsonSchemaWriter {
  private written = '';
  private cut = false;

  constructor(
    private readonly grammarFor: (schema: ResponseSchema) => Promise<LlamaGrammar>,
    private readonly generate: GrammarGeneration,
    private readonly onText?: (text: string) => void,
  ) {}

  async write(schema: ResponseSchema, budget: number): Promise<{ json: string; cut: boolean }> {
    await this.value(schema, budget);
    return { json: this.written, cut: this.cut };
  }

  /** Writes one value; returns the tokens it used. */
  private async value(schema: ResponseSchema, budget: number): Promise<number> {
    if ('const' in schema) return this.emit(JSON.stringify(schema['const']));
    if (writesItself(schema)) return this.object(schema as ResponseSchema & { properties: Record<string, ResponseSchema> }, budget);
    const { text, tokens, cut } = await this.generate(this.written, await this.grammarFor(schema), Math.max(MIN_VALUE_TOKENS, budget));
    if (!cut && parses(text)) return this.emit(text, tokens);
    this.cut = true;
    const field = leafField(schema);
    return this.emit(JSON.stringify(field ? valueOf(field, text).value : minimalValue(schema)), tokens);
  }

  private async object(schema: ResponseSchema & { properties: Record<string, ResponseSchema> }, budget: number): Promise<number> {
    const entries = Object.entries(schema.properties);
    let used = this.emit('{');
    for (const [index, [name, property]] of entries.entries()) {
      used += this.emit(`${index ? ', ' : ''}${JSON.stringify(name)}: `);
      const share = Math.floor((budget - used) / (entries.length - index));
      used += await this.value(property, share);
    }
    return used + this.emit('}');
  }

  /** Text we write costs no generated tokens; `tokens` counts what the model generated. */
  private emit(text: string, tokens = 0): number {
    this.written += text;
    this.onText?.(text);
    return tokens;
  }
}

/** An object whose keys are known and all allowed at once: cheaper and safer to write than to generate. */
function writesItself(schema: ResponseSchema): boolean {
  return (
    schema['type'] === 'object' &&
    typeof schema['properties'] === 'object' &&
    schema['minProperties'] === undefined &&
    schema['maxProperties'] === undefined
  );
}

/** The output_type field a plain leaf schema is, so a cut value keeps what was generated. */
function leafField(schema: ResponseSchema): OutputField | undefined {
  const scalar = { string: 'str', integer: 'int', number: 'float', boolean: 'bool' } as const;
  const constrained = ['minLength', 'maxLength', 'format', 'enum'].some((key) => key in schema);
  const type = schema['type'] as string;
  if (!constrained && type in scalar) return { name: '', kind: 'scalar', type: scalar[type as keyof typeof scalar] };
  return undefined;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
