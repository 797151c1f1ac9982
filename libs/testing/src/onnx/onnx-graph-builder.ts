import { onnx } from 'onnx-proto';

type AttributeValue = number | number[] | string;

/** Builds an ONNX graph node by node; names are generated, initializers hold the weights. */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  floats(name: string, dims: number[], values: Float32Array | number[]): string {
    // raw_data is little-endian, as Float32Array is on every platform Node runs on here.
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  ints(name: string, dims: number[], values: number[]): string {
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  /** Adds a node and returns the name of its (single) output. */
  op(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    const output = `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)) });
    return output;
  }

  /** The model: `inputs` int64 [batch, sequence], `output` float [batch, sequence, width]. */
  model(opts: { inputs: string[]; output: { from: string; name: string; width: number }; opset: number; producer: string }): Uint8Array {
    this.nodes.push({ opType: 'Identity', input: [opts.output.from], output: [opts.output.name], name: 'output' });
    const dim = (param: string | number): onnx.TensorShapeProto.IDimension => (typeof param === 'number' ? { dimValue: param } : { dimParam: param });
    const valueInfo = (name: string, elemType: onnx.TensorProto.DataType, dims: Array<string | number>): onnx.IValueInfoProto => ({
      name,
      type: { tensorType: { elemType, shape: { dim: dims.map(dim) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: opts.producer,
      opsetImport: [{ domain: '', version: opts.opset }],
      graph: {
        name: 'main',
        node: this.nodes,
        initializer: this.initializers,
        input: opts.inputs.map((name) => valueInfo(name, onnx.TensorProto.DataType.INT64, ['batch_size', 'sequence_length'])),
        output: [valueInfo(opts.output.name, onnx.TensorProto.DataType.FLOAT, ['batch_size', 'sequence_length', opts.output.width])],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  if (typeof value === 'string') return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value };
  if (Number.isInteger(value)) return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
}
