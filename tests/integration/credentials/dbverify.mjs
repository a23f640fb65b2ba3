// Digital Bazaar's verifier (@digitalbazaar/vc) on SkillPath credentials, in its default mode: the issuance
// purpose (the proof's key must be an assertion method of the credential's issuer) and the status check.
//
//   node dbverify.mjs < request.json
//   request: {"server": "http://localhost:PORT", "now": "2026-…Z", "credentials": {"name": {…}, …}}
//   answer (stdout): {"name": {"verified": bool, "revoked": bool|null, "errors": [..]}, …}
//
// The document loader serves the JSON-LD contexts bundled with SkillPath and its npm packages, resolves did:web
// with Digital Bazaar's did:web driver and did:key with its did:key driver, and fetches only from the test server:
// https://<its host>/… (what did:web asks for) is fetched from it over plain http. Anything else is refused.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {DidWebDriver} from '@digitalbazaar/did-method-web';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const json = path => JSON.parse(readFileSync(join(root, path), 'utf8'));
const CONTEXTS = new Map([
  ['https://www.w3.org/ns/credentials/v2', json('src/skillpath/credentials/contexts/credentials-v2-context.jsonld')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    json('src/skillpath/credentials/contexts/ob-context-3.0.3.json')],
  ['https://www.w3.org/ns/did/v1', json('node_modules/did-context/contexts/did-v1.jsonld')],
  ['https://w3id.org/security/multikey/v1',
    json('node_modules/@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld')],
]);

const request = JSON.parse(readFileSync(0, 'utf8'));
const server = new URL(request.server);
const fetched = [];

// did:web always asks for https://host/…; the test server speaks http on loopback: same host, same path.
async function testServerFetch(input, init) {
  const url = new URL(typeof input === 'string' ? input : input.url);
  if(url.host !== server.host) {
    throw new Error(`refused to fetch ${url.href}: only the test server is reachable`);
  }
  url.protocol = server.protocol;
  fetched.push(url.pathname);
  return fetch(url.href, {method: 'GET', headers: init?.headers ?? input.headers});
}

const didWeb = new DidWebDriver({
  allowList: [server.host], fetchOptions: {fetch: testServerFetch, timeout: 5000, size: 65536}
});
didWeb.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(CONTEXTS.has(url)) {
    return {contextUrl: null, documentUrl: url, document: CONTEXTS.get(url)};
  }
  let document;
  if(url.startsWith('did:web:')) {
    document = await didWeb.get({url});
  } else if(url.startsWith('did:key:')) {
    document = await didKey.get({url});
  } else if(url.startsWith('http://') || url.startsWith('https://')) {
    const response = await testServerFetch(url, {headers: {Accept: 'application/ld+json'}});
    if(!response.ok) {
      throw new Error(`${url} answered HTTP ${response.status}`);
    }
    document = await response.json();
  } else {
    throw new Error(`refused to load ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const answers = {};
for(const [name, credential] of Object.entries(request.credentials)) {
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus, now: request.now});
  const errors = [];
  const collect = error => {
    if(!error) {
      return;
    }
    for(const e of error.errors ?? [error]) {
      errors.push(String(e.message ?? e));
    }
  };
  collect(result.error);
  for(const r of result.results ?? []) {
    collect(r.error);
  }
  collect(result.statusResult?.error);
  for(const r of result.statusResult?.results ?? []) {
    collect(r.error);
  }
  const statuses = (result.statusResult?.results ?? []).map(r => r.status);
  answers[name] = {
    verified: result.verified,
    revoked: statuses.length ? statuses.some(s => s === true) : null,
    statusVerified: result.statusResult?.verified ?? null,
    errors: [...new Set(errors)]
  };
}
answers._fetched = [...new Set(fetched)].sort();
process.stdout.write(JSON.stringify(answers, null, 2) + '\n');
