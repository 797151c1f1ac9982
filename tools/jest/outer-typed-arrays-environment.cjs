// Jest runs tests in a separate realm whose typed-array constructors differ from Node's own.
// Native addons such as onnxruntime-node check `data instanceof Float32Array` against the
// outer realm, so tests that hand them typed arrays see the outer constructors here.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer',
];

class OuterTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OuterTypedArraysEnvironment;
