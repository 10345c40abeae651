import { type X509Certificate } from 'node:crypto';
import tls from 'node:tls';

/** The certificate a TLS server presents, read with Node's own TLS client (ALPN h2, as gRPC clients offer). */
export function presentedCertificate(endpoint: string, caPem: string, servername: string): Promise<X509Certificate> {
  const at = endpoint.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: endpoint.slice(0, at),
        port: Number(endpoint.slice(at + 1)),
        ca: caPem,
        servername,
        ALPNProtocols: ['h2'],
      },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.end();
        if (cert) resolve(cert);
        else reject(new Error('no certificate presented'));
      },
    );
    socket.once('error', reject);
  });
}
