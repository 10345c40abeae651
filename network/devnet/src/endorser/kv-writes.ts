import { ledger } from '@hyperledger/fabric-protos';
import { compareUtf8 } from '../ledger/utf8-order';

/** A buffered write of a simulation: a value, or a delete. */
export interface BufferedWrite {
  readonly value?: Uint8Array;
  readonly isDelete: boolean;
}

/** The KVWrite entries of a write set, in the UTF-8 byte order of their keys as Fabric's rwset builder sorts them. */
export function kvWrites(writes: ReadonlyMap<string, BufferedWrite>): ledger.rwset.kvrwset.KVWrite[] {
  return [...writes.keys()].sort(compareUtf8).map((key) => {
    const entry = writes.get(key)!;
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey(key);
    write.setIsDelete(entry.isDelete);
    if (entry.value) write.setValue(entry.value);
    return write;
  });
}
