// WXWebAssembly: the platform's WebAssembly object, the standard JS API's classes over mpsim's
// natives (__wasm, backed by wasmtime). As on the platform, instantiate takes only a path to a
// .wasm or .wasm.br file inside the code package, never bytes.
void function () {
  'use strict';
  const N = globalThis.__wasm;
  delete globalThis.__wasm;
  // Only WeChat documents this object (wasm/mod.rs runs this file for WeChat apps only).
  const globalName = 'WXWebAssembly';
  // The global is a getter until this file has run (see `install` in wasm/mod.rs).
  const publish = (value) => Object.defineProperty(globalThis, globalName, { value, writable: true, configurable: true });

  class CompileError extends Error {
    constructor(message) { super(message); this.name = 'CompileError'; }
  }
  class LinkError extends Error {
    constructor(message) { super(message); this.name = 'LinkError'; }
  }
  class RuntimeError extends Error {
    constructor(message) { super(message); this.name = 'RuntimeError'; }
  }

  if (!N) {
    // A build without wasmtime (the `wasm` feature off, or the browser build).
    const missing = () => new Error(globalName + ' is not available: this mpsim was built without the `wasm` feature');
    const refuse = function () { throw missing(); };
    publish({
      instantiate: () => Promise.reject(missing()),
      validate: refuse, Module: refuse, Instance: refuse, Memory: refuse, Table: refuse, Global: refuse,
      CompileError, LinkError, RuntimeError,
    });
    return;
  }

  // Wrappers are made once per native number, so an export read twice is the same object.
  const HANDLE = {};
  const wrappers = { function: new Map(), memory: new Map(), table: new Map(), global: new Map() };

  function wrapFunc(id) {
    let f = wrappers.function.get(id);
    if (f) return f;
    // Bound, so the arguments reach the native as they are, with no array in between.
    f = N.call.bind(null, id);
    Object.defineProperty(f, '__wasmFuncId', { value: id });
    Object.defineProperty(f, 'length', { value: N.funcLength(id) });
    Object.defineProperty(f, 'name', { value: String(id) });
    wrappers.function.set(id, f);
    return f;
  }

  function descriptor(desc, what) {
    if (desc === null || typeof desc !== 'object') {
      throw new TypeError(what + '(): Argument 0 must be a ' + what.toLowerCase().split('.').pop() + ' descriptor');
    }
    return desc;
  }

  function pages(v, what, prop) {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 0xffffffff) {
      throw new TypeError(what + "(): Property '" + prop + "': value " + v + ' is not a valid integer');
    }
    return Math.floor(n);
  }

  class Memory {
    constructor(desc, id) {
      if (desc !== HANDLE) {
        descriptor(desc, 'WebAssembly.Memory');
        const initial = desc.initial !== undefined ? desc.initial : desc.minimum;
        if (initial === undefined) throw new TypeError("WebAssembly.Memory(): Property 'initial' is required");
        const max = desc.maximum === undefined ? undefined : pages(desc.maximum, 'WebAssembly.Memory', 'maximum');
        id = N.memoryNew(pages(initial, 'WebAssembly.Memory', 'initial'), max);
        const known = wrappers.memory.get(id);
        if (known) return known;
      }
      Object.defineProperty(this, '__wasmMemory', { value: id });
      wrappers.memory.set(id, this);
    }
    get buffer() { return N.memoryBuffer(this.__wasmMemory); }
    grow(delta) { return N.memoryGrow(this.__wasmMemory, pages(delta, 'WebAssembly.Memory.grow', 'delta')); }
  }

  class Table {
    constructor(desc, value, id) {
      if (desc !== HANDLE) {
        descriptor(desc, 'WebAssembly.Table');
        if (desc.element !== 'anyfunc' && desc.element !== 'funcref') {
          throw new TypeError("WebAssembly.Table(): Descriptor property 'element' must be a WebAssembly reference type");
        }
        const initial = desc.initial !== undefined ? desc.initial : desc.minimum;
        if (initial === undefined) throw new TypeError("WebAssembly.Table(): Property 'initial' is required");
        const max = desc.maximum === undefined ? undefined : pages(desc.maximum, 'WebAssembly.Table', 'maximum');
        id = N.tableNew(pages(initial, 'WebAssembly.Table', 'initial'), max, value);
      }
      Object.defineProperty(this, '__wasmTable', { value: id });
      wrappers.table.set(id, this);
    }
    get length() { return N.tableLength(this.__wasmTable); }
    get(index) { return N.tableGet(this.__wasmTable, pages(index, 'WebAssembly.Table.get', 'index')); }
    set(index, value) { N.tableSet(this.__wasmTable, pages(index, 'WebAssembly.Table.set', 'index'), value); }
    grow(delta, value) { return N.tableGrow(this.__wasmTable, pages(delta, 'WebAssembly.Table.grow', 'delta'), value); }
  }

  class Global {
    constructor(desc, value, id) {
      if (desc !== HANDLE) {
        descriptor(desc, 'WebAssembly.Global');
        id = N.globalNew(String(desc.value), !!desc.mutable, value);
      }
      Object.defineProperty(this, '__wasmGlobal', { value: id });
      wrappers.global.set(id, this);
    }
    get value() { return N.globalGet(this.__wasmGlobal); }
    set value(v) { N.globalSet(this.__wasmGlobal, v); }
    valueOf() { return N.globalGet(this.__wasmGlobal); }
    type() { return N.globalType(this.__wasmGlobal); }
  }

  function handle(kind, Class, id) {
    return wrappers[kind].get(id) || (kind === 'memory' ? new Class(HANDLE, id) : new Class(HANDLE, undefined, id));
  }

  class Module {
    constructor() {
      throw new TypeError(globalName + '.Module cannot be made from bytes in a mini-program: use ' + globalName + '.instantiate(path)');
    }
    static imports(m) { return N.imports(moduleId(m)); }
    static exports(m) { return N.exports(moduleId(m)); }
  }

  function moduleId(m) {
    if (!(m instanceof Module)) throw new TypeError('WebAssembly.Module.imports(): Argument 0 must be a WebAssembly.Module');
    return m.__wasmModule;
  }

  function makeModule(id) {
    const m = Object.create(Module.prototype);
    Object.defineProperty(m, '__wasmModule', { value: id });
    return m;
  }

  // The import object's value for each of the module's imports, in order.
  function importValues(id, importObject) {
    const list = N.imports(id);
    if (list.length && (importObject === null || typeof importObject !== 'object')) {
      throw new TypeError('WebAssembly.instantiate(): Imports argument must be present and must be an object');
    }
    return list.map((imp, i) => {
      const ns = importObject[imp.module];
      if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
        throw new TypeError('WebAssembly.instantiate(): Import #' + i + ' module="' + imp.module + '" error: module is not an object or function');
      }
      return ns[imp.name];
    });
  }

  class Instance {
    constructor(module, importObject) {
      const id = moduleId(module);
      const list = N.instantiate(id, importValues(id, importObject));
      const exports = Object.create(null);
      for (const e of list) {
        exports[e.name] = e.kind === 'function' ? wrapFunc(e.id)
          : e.kind === 'memory' ? handle('memory', Memory, e.id)
          : e.kind === 'table' ? handle('table', Table, e.id)
          : handle('global', Global, e.id);
      }
      Object.defineProperty(this, 'exports', { value: Object.freeze(exports), enumerable: true });
    }
  }

  function instantiate(source, importObject) {
    // The platform compiles off the calling task: the promise settles in a later job.
    return Promise.resolve().then(() => {
      if (source instanceof Module) return new Instance(source, importObject);
      if (typeof source !== 'string') {
        throw new TypeError(globalName + '.instantiate(): the first argument must be the path of a .wasm or .wasm.br file in the code package; the platform does not take bytes');
      }
      const module = makeModule(N.load(source));
      return { module, instance: new Instance(module, importObject) };
    });
  }

  N.setHelpers({ wrapFunc, CompileError, LinkError, RuntimeError });
  publish({
    instantiate,
    validate: (source) => N.validate(source),
    Module, Instance, Memory, Table, Global,
    CompileError, LinkError, RuntimeError,
  });
}();
