-- Verifiable credentials (src/credential/service, CredentialService): the issuer's signing keys,
-- the Bitstring status lists and the registry of issued credentials with their status entries.
-- Described in docs/formats/database.md.

-- Issuer keys: Ed25519 (Data Integrity and JWT EdDSA) or RSA (JWT RS256). The secret is encrypted at rest (XChaCha20-Poly1305, libsodium secretbox
-- with the key id as additional data) under a key-encryption key kept outside the database (a
-- file, see docs/credentials.md). The newest key of a kind not retired signs; older keys stay published so
-- that what they signed still verifies.
CREATE TABLE issuer_keys (
    id TEXT NOT NULL PRIMARY KEY,            -- "key-1", "key-2"... (the did:web fragment)
    seq INTEGER NOT NULL UNIQUE,             -- 1, 2, ... (rotation order)
    kind TEXT NOT NULL CHECK (kind IN ('Ed25519', 'RSA')),
    public_key TEXT NOT NULL UNIQUE,         -- Ed25519: Multikey "z6Mk..."; RSA: the public JWK (JSON)
    sealed_secret TEXT NOT NULL,             -- base64url(nonce || ciphertext) of the seed / PKCS#8 PEM
    kek_id TEXT NOT NULL,                    -- SHA-256 prefix of the key-encryption key used
    created_at BIGINT NOT NULL,
    retired_at BIGINT NOT NULL DEFAULT 0     -- 0: may sign; else kept for verification only
);

-- One status list per (issuer DID, purpose): the credential with id <public url>/credentials/status/<id>.
CREATE TABLE status_lists (
    id INTEGER NOT NULL PRIMARY KEY,         -- 1, 2, ... (max + 1, in the creating transaction)
    issuer_did TEXT NOT NULL,                -- did:web of the platform, or a did:key
    purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
    bits TEXT NOT NULL,                      -- base64url of the bitstring (MSB first)
    size INTEGER NOT NULL,                   -- number of entries (8 x bytes)
    used INTEGER NOT NULL DEFAULT 0,         -- entries given out (drawn at random, never reused);
                                             -- a list is filled to half its size, then a new one starts
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
CREATE INDEX status_lists_issuer ON status_lists (issuer_did, purpose);

-- Every credential passeur signed with a status entry: its id, where its bits are, and its state.
CREATE TABLE issued_credentials (
    credential_id TEXT NOT NULL PRIMARY KEY, -- the credential's "id" (urn:uuid:... or a URL)
    issuer_did TEXT NOT NULL,
    revocation_list INTEGER NOT NULL REFERENCES status_lists (id),
    revocation_index INTEGER NOT NULL,
    suspension_list INTEGER NOT NULL REFERENCES status_lists (id),
    suspension_index INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
    key_id TEXT NOT NULL REFERENCES issuer_keys (id),
    issued_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (revocation_list, revocation_index),
    UNIQUE (suspension_list, suspension_index)
);
