// The module object itself (a namespace import would be a read-only copy of its properties).
import googleProtobuf from 'google-protobuf';

type ExportSymbol = (name: string, object: unknown, scope?: object) => void;
/** `jspb.exportSymbol` (goog.exportSymbol), which @types/google-protobuf does not declare. */
const registry = googleProtobuf as unknown as { exportSymbol: ExportSymbol };
const exportSymbol = registry.exportSymbol;
let generation = 0;

/**
 * Generated message classes refer to each other through google-protobuf's global `proto.*` namespace, looked
 * up at every decode, so loading a second copy of generated code (fabric-shim brings an older
 * @hyperledger/fabric-protos, which the gateway app and some tests load) changes which reader functions a
 * decode runs. Every generated module registers its classes with jspb.exportSymbol; counting those calls
 * tells the wire guard when schemas derived earlier may no longer describe what the decoder does.
 */
registry.exportSymbol = function (this: unknown, ...args: Parameters<ExportSymbol>): void {
  generation++;
  exportSymbol.apply(this, args);
};

/** Changes whenever generated code registers classes. */
export function generatedCodeGeneration(): number {
  return generation;
}
