// Jest runs each test file in its own realm, whose Float32Array is not the one native addons
// create: onnxruntime-node's output tensors fail its `instanceof` checks there. Test files that
// run the Silero model (`@jest-environment ./test/support/native-typed-arrays-environment.cjs`)
// get Node's own typed arrays instead.
const { TestEnvironment } = require('jest-environment-node');

class NativeTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'Float32Array',
      'Float64Array',
      'Int8Array',
      'Int16Array',
      'Int32Array',
      'Uint8Array',
      'Uint16Array',
      'Uint32Array',
      'BigInt64Array',
      'BigUint64Array',
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = NativeTypedArraysEnvironment;
