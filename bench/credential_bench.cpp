// Signing and verifying a typical Open Badges 3.0 credential (issue 5 goal: >= 5,000
// verifications per second per core), and the pieces a verification is made of.
//
// The credential: bench/data/ob3_badge_unsigned.json (59 quads once signed: a badge with two
// alignments, a creator, two pieces of evidence and a hashed e-mail identity), issued by a did:key
// of a fixed seed and signed with eddsa-rdfc-2022 at a fixed time, which gives exactly
// bench/data/ob3_badge_signed.json (checked at start-up; that file is what
// bench/credential_compare.sh gives the npm verifier too).
//
// Environment: PASSEUR_BENCH_CREDENTIAL=FILE verifies FILE instead in BM_Verify (a signed
// credential whose proof resolves with did:key, e.g. one signed by another implementation);
// PASSEUR_BENCH_WRITE_SIGNED=FILE writes the signed fixture to FILE and exits.
// Figures (items_per_second = per core, one thread): docs/performance.md.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <credential/data_integrity.hpp>
#include <credential/did.hpp>
#include <credential/ed25519.hpp>
#include <credential/jsonld.hpp>
#include <credential/jwt.hpp>
#include <credential/rdf_canon.hpp>

namespace passeur::credential {
namespace {

using nlohmann::json;

const std::string kDataDir = PASSEUR_CREDENTIAL_BENCH_DATA_DIR;
// Seed of the bench issuer (bytes 0x01..0x20): did:key:z6Mk...
constexpr std::array<std::uint8_t, 32> kSeed = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                                12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                                23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr const char* kCreated = "2026-11-23T10:00:00Z";

[[noreturn]] void Die(const std::string& message) {
    std::fprintf(stderr, "credential_bench: %s\n", message.c_str());
    std::exit(1);
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) Die("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const Ed25519SecretKey& Key() {
    static const Ed25519SecretKey key(kSeed);
    return key;
}

// The unsigned badge with the bench issuer's did:key as issuer.id.
const json& Unsigned() {
    static const json doc = [] {
        json d = json::parse(ReadFile(kDataDir + "/ob3_badge_unsigned.json"));
        d["issuer"]["id"] = DidKeyFromPublicKey(Key().PublicKey());
        return d;
    }();
    return doc;
}

ProofOptions Options() {
    ProofOptions options;
    options.verification_method = DidKeyVerificationMethod(Key().PublicKey());
    options.created = kCreated;
    return options;
}

const json& Signed() {
    static const json doc = [] {
        auto signed_doc = Sign(Unsigned(), Options(), Key());
        if (!signed_doc) Die("signing failed: " + signed_doc.error().message);
        return *signed_doc;
    }();
    return doc;
}

// What BM_Verify verifies: PASSEUR_BENCH_CREDENTIAL, else the signed fixture.
const json& ToVerify() {
    static const json doc = [] {
        const char* path = std::getenv("PASSEUR_BENCH_CREDENTIAL");
        return path ? json::parse(ReadFile(path)) : Signed();
    }();
    return doc;
}

json WithoutProof(const json& doc) {
    json copy = doc;
    copy.erase("proof");
    return copy;
}

json ProofConfig(const json& doc) {
    json config = doc["proof"];
    config.erase("proofValue");
    config["@context"] = doc["@context"];
    return config;
}

void BM_Verify(benchmark::State& state) {
    const json& doc = ToVerify();
    const KeyResolver resolver = DidKeyResolver();
    const Verdict first = Verify(doc, resolver);
    if (!first.ok) Die("the credential does not verify: " + first.message);
    for (auto _ : state) {
        Verdict verdict = Verify(doc, resolver);
        benchmark::DoNotOptimize(verdict);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Verify)->Unit(benchmark::kMicrosecond);

// From the JSON text, as `passeur verify FILE` and POST /api/v1/verify see it.
void BM_VerifyFromText(benchmark::State& state) {
    const std::string text = ToVerify().dump();
    const KeyResolver resolver = DidKeyResolver();
    for (auto _ : state) {
        Verdict verdict = Verify(json::parse(text), resolver);
        benchmark::DoNotOptimize(verdict);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyFromText)->Unit(benchmark::kMicrosecond);

void BM_Sign(benchmark::State& state) {
    const json& doc = Unsigned();
    const ProofOptions options = Options();
    for (auto _ : state) {
        auto signed_doc = Sign(doc, options, Key());
        benchmark::DoNotOptimize(signed_doc);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sign)->Unit(benchmark::kMicrosecond);

// --- the pieces of a verification -------------------------------------------------------------------

void BM_ParseJson(benchmark::State& state) {
    const std::string text = Signed().dump();
    for (auto _ : state) benchmark::DoNotOptimize(json::parse(text));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseJson)->Unit(benchmark::kMicrosecond);

void BM_ToRdfDocument(benchmark::State& state) {
    const json doc = WithoutProof(Signed());
    std::size_t quads = 0;
    for (auto _ : state) {
        auto dataset = ToRdf(doc);
        quads = dataset->size();
        benchmark::DoNotOptimize(dataset);
    }
    state.counters["quads"] = static_cast<double>(quads);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ToRdfDocument)->Unit(benchmark::kMicrosecond);

void BM_CanonicalizeDocument(benchmark::State& state) {
    const Dataset dataset = *ToRdf(WithoutProof(Signed()));
    for (auto _ : state) {
        auto canonical = Canonicalize(dataset);
        benchmark::DoNotOptimize(canonical);
    }
    state.counters["quads"] = static_cast<double>(dataset.size());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CanonicalizeDocument)->Unit(benchmark::kMicrosecond);

void BM_ProofConfiguration(benchmark::State& state) {
    const json config = ProofConfig(Signed());
    for (auto _ : state) {
        auto canonical = Canonicalize(*ToRdf(config));
        benchmark::DoNotOptimize(canonical);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProofConfiguration)->Unit(benchmark::kMicrosecond);

void BM_PrepareSigningInput(benchmark::State& state) {
    const json& doc = Signed();
    const json config = ProofConfig(doc);
    for (auto _ : state) {
        auto input = PrepareSigningInput(doc, config);
        benchmark::DoNotOptimize(input);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PrepareSigningInput)->Unit(benchmark::kMicrosecond);

// Ed25519 over the 64 signed bytes: libsodium (what Verify uses) and OpenSSL 3 EVP.
const std::string& SignedBytes() {
    static const std::string data = PrepareSigningInput(Signed(), ProofConfig(Signed()))->Data();
    return data;
}

void BM_Ed25519VerifyLibsodium(benchmark::State& state) {
    const Ed25519PublicKey public_key = Key().PublicKey();
    const Ed25519Signature signature = Key().Sign(SignedBytes());
    for (auto _ : state) benchmark::DoNotOptimize(VerifyEd25519(public_key, SignedBytes(), signature));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519VerifyLibsodium)->Unit(benchmark::kMicrosecond);

void BM_Ed25519VerifyOpenSsl(benchmark::State& state) {
    const JwtPublicKey public_key(Key().PublicKey());
    const std::string signature = *SignJws(SignedBytes(), JwtSigningKey(Key()));
    for (auto _ : state) benchmark::DoNotOptimize(VerifyJwsSignature(SignedBytes(), signature, public_key));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519VerifyOpenSsl)->Unit(benchmark::kMicrosecond);

void BM_Ed25519SignLibsodium(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(Key().Sign(SignedBytes()));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519SignLibsodium)->Unit(benchmark::kMicrosecond);

// --- VC-JWT -----------------------------------------------------------------------------------------

void BM_JwtSignEdDsa(benchmark::State& state) {
    const std::string kid = DidKeyVerificationMethod(Key().PublicKey());
    for (auto _ : state) benchmark::DoNotOptimize(SignJwt(Unsigned(), JwtSigningKey(Key()), kid));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtSignEdDsa)->Unit(benchmark::kMicrosecond);

void BM_JwtVerifyEdDsa(benchmark::State& state) {
    const std::string token =
        *SignJwt(Unsigned(), JwtSigningKey(Key()), DidKeyVerificationMethod(Key().PublicKey()));
    const JwtKeyResolver resolver = JwtDidKeyResolver();
    if (!VerifyJwt(token, resolver).ok) Die("the EdDSA VC-JWT does not verify");
    for (auto _ : state) benchmark::DoNotOptimize(VerifyJwt(token, resolver));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtVerifyEdDsa)->Unit(benchmark::kMicrosecond);

const RsaKey& Rsa() {
    static const RsaKey key = *RsaKey::FromPrivatePem(*GenerateRsaKeyPem(2048));
    return key;
}

void BM_JwtSignRs256(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(SignJwt(Unsigned(), JwtSigningKey(Rsa()), "https://example.org/keys#rsa"));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtSignRs256)->Unit(benchmark::kMicrosecond);

void BM_JwtVerifyRs256(benchmark::State& state) {
    const std::string token = *SignJwt(Unsigned(), JwtSigningKey(Rsa()), "https://example.org/keys#rsa");
    const JwtPublicKey public_key(Rsa().PublicOnly());
    const JwtKeyResolver resolver = [&](std::string_view, const json&) -> core::Result<JwtPublicKey> {
        return public_key;
    };
    if (!VerifyJwt(token, resolver).ok) Die("the RS256 VC-JWT does not verify");
    for (auto _ : state) benchmark::DoNotOptimize(VerifyJwt(token, resolver));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtVerifyRs256)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace passeur::credential

int main(int argc, char** argv) {
    using passeur::credential::Signed;
    const std::string fixture = passeur::credential::kDataDir + "/ob3_badge_signed.json";
    const std::string text = Signed().dump(2, ' ', false) + "\n";
    if (const char* out = std::getenv("PASSEUR_BENCH_WRITE_SIGNED")) {
        std::ofstream(out, std::ios::binary) << text;
        std::printf("wrote %s\n", out);
        return 0;
    }
    // The committed fixture is this bench's signed credential (same key, time and badge).
    if (nlohmann::json::parse(passeur::credential::ReadFile(fixture)) != Signed()) {
        passeur::credential::Die(fixture +
                                 " is not the bench's signed badge (regenerate it with "
                                 "PASSEUR_BENCH_WRITE_SIGNED=" +
                                 fixture + ")");
    }
    const char* verified = std::getenv("PASSEUR_BENCH_CREDENTIAL");
    benchmark::AddCustomContext("credential", verified ? verified : fixture);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
