import type { ProtocolName } from '../models/service-model.js';
import { ec2Codec } from './ec2.js';
import { queryCodec } from './query.js';
import type { ProtocolCodec } from './wire.js';

const codecs: Partial<Record<ProtocolName, ProtocolCodec>> = { ec2: ec2Codec, query: queryCodec };

/** The codec for a protocol; JSON 1.0/1.1, rest-xml and rpc-v2-cbor register here as they land. */
export function codecFor(protocol: ProtocolName): ProtocolCodec {
  const codec = codecs[protocol];
  if (!codec) throw new Error(`no codec for protocol ${protocol}`);
  return codec;
}
