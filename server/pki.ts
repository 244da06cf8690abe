// The cluster's certificates, made fresh at every start as kubeadm's `certs` phase makes them: a
// self-signed CA named "kubernetes" and the API server's serving certificate, valid for the names
// and addresses clients use to reach it. kubectl only sends a bearer token over TLS, so the API
// must be served over HTTPS. node:crypto makes the keys; node-forge writes the certificates.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface ClusterPki {
  /** PEM of the CA certificate: the kubeconfig's certificate-authority-data. */
  caCert: string;
  /** PEM of the serving certificate and its key, for https.createServer. */
  serverCert: string;
  serverKey: string;
}

/** The serving certificate's names: kubeadm's apiserver SANs for a single-node control plane. */
const DNS_NAMES = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'localhost',
];
const IP_ADDRESSES = ['10.96.0.1', '127.0.0.1'];

const DAY_MS = 24 * 60 * 60 * 1000;

function rsaKeys(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    pem: privateKey,
  };
}

function serialNumber(): string {
  // Positive: the top bit of the first byte is clear.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function certificate(
  subject: string,
  publicKey: forge.pki.rsa.PublicKey,
  validDays: number,
  now: Date,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  // A little slack before now, as kubeadm allows for clock skew.
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + validDays * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

export function createClusterPki(now = new Date()): ClusterPki {
  const caKeys = rsaKeys();
  const ca = certificate('kubernetes', caKeys.publicKey, 3650, now);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = rsaKeys();
  const server = certificate('kube-apiserver', serverKeys.publicKey, 365, now);
  server.setIssuer(ca.subject.attributes);
  server.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...DNS_NAMES.map((value) => ({ type: 2, value })),
        ...IP_ADDRESSES.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caCert: forge.pki.certificateToPem(ca),
    serverCert: forge.pki.certificateToPem(server),
    serverKey: serverKeys.pem,
  };
}
