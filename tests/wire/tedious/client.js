// client.js PORT ENCRYPT [MAXTLS]: one tedious login against the test
// responder on 127.0.0.1:PORT. ENCRYPT is "true" (TDS 7.4, TLS inside
// PRELOGIN) or "strict" (TDS 8.0, TLS first with ALPN tds/8.0); MAXTLS
// ("TLSv1.2") caps the client's TLS version; CR_TEST_CA (a PEM file) is
// the CA to trust, CR_TEST_CIPHERS an OpenSSL cipher list. The login is
// expected to fail (the responder refuses it); what matters is the wire.
'use strict';
const fs = require('fs');
const { Connection } = require('tedious');

const [port, encrypt, maxVersion] = process.argv.slice(2);
const cryptoCredentialsDetails = {};
if (maxVersion) cryptoCredentialsDetails.maxVersion = maxVersion;
if (process.env.CR_TEST_CA) cryptoCredentialsDetails.ca = fs.readFileSync(process.env.CR_TEST_CA);
if (process.env.CR_TEST_CIPHERS) cryptoCredentialsDetails.ciphers = process.env.CR_TEST_CIPHERS;
const connection = new Connection({
  server: 'localhost',
  authentication: { type: 'default', options: { userName: 'sa', password: 'x' } },
  options: {
    port: Number(port),
    encrypt: encrypt === 'strict' ? 'strict' : encrypt === 'true',
    trustServerCertificate: true,
    cryptoCredentialsDetails,
    connectTimeout: 5000,
  },
});
connection.on('connect', (err) => {
  console.log(err ? `tedious: ${err.code || ''} ${err.message}` : 'tedious: connected');
  connection.close();
});
connection.on('error', (err) => console.log(`tedious: error ${err.message}`));
connection.connect();
