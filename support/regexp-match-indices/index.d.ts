// The types regexp-match-indices 1.0.2 declares (types.d.ts), which @cucumber/cucumber-expressions imports.
export interface RegExpExecIndicesArray extends Array<[number, number]> {
  groups?: { [key: string]: [number, number] };
}
export interface RegExpExecArray extends globalThis.RegExpExecArray {
  indices: RegExpExecIndicesArray;
}
export interface RegExpMatchArray extends globalThis.RegExpMatchArray {
  indices?: RegExpExecIndicesArray;
}
declare function exec(regexp: RegExp, string: string): RegExpExecArray | null;
export default exec;
