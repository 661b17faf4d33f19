// JSON-LD to RDF: the published vc-di-eddsa and Open Badges 3.0 vectors reproduced byte for byte
// (ToRdf then Canonicalize), number / boolean / @json / @list / language forms, safe-mode errors
// (undefined terms, relative IRIs, unknown contexts, bad @context values), bounds, threads.
#include "credential/jsonld.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "credential/contexts.hpp"
#include "credential/rdf.hpp"
#include "credential/rdf_canon.hpp"

namespace passeur::credential {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(PASSEUR_CREDENTIAL_TEST_DATA_DIR) / "jsonld";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json ReadJson(const fs::path& path) { return json::parse(ReadFile(path)); }

constexpr std::string_view kExamplesV2 = "https://www.w3.org/ns/credentials/examples/v2";
constexpr std::string_view kCitizenshipV4 = "https://w3id.org/citizenship/v4rc1";

// The built-in contexts plus the two test-only contexts the W3C vectors use.
const ContextSet& VectorContexts() {
    static const std::shared_ptr<const ContextSet> set = [] {
        auto made = ContextSet::Create(
            {{std::string(kExamplesV2), ReadFile(kData / "contexts" / "credentials-examples-v2.jsonld")},
             {std::string(kCitizenshipV4), ReadFile(kData / "contexts" / "citizenship-v4rc1.jsonld")}},
            true);
        EXPECT_TRUE(made.has_value()) << made.error().message;
        return *made;
    }();
    return *set;
}

JsonLdOptions VectorOptions() {
    JsonLdOptions options;
    options.contexts = &VectorContexts();
    return options;
}

std::string CanonicalOf(const json& document, const JsonLdOptions& options) {
    auto dataset = ToRdf(document, options);
    if (!dataset) {
        ADD_FAILURE() << dataset.error().message;
        return {};
    }
    auto canonical = Canonicalize(*dataset);
    if (!canonical) {
        ADD_FAILURE() << canonical.error().message;
        return {};
    }
    return canonical->nquads;
}

// Sorted N-Quads of a dataset without blank nodes.
std::string SortedNQuads(const Dataset& dataset) {
    std::vector<std::string> lines;
    for (const auto& quad : dataset) lines.push_back(SerializeNQuad(quad));
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    std::string out;
    for (const auto& line : lines) out += line;
    return out;
}

std::string ErrorOf(const json& document, const JsonLdOptions& options = VectorOptions()) {
    auto dataset = ToRdf(document, options);
    if (dataset) return "(no error)";
    EXPECT_EQ(dataset.error().code, core::ErrorCode::kInvalidArgument);
    return dataset.error().message;
}

json WithoutProof(json document) {
    document.erase("proof");
    return document;
}

// --- published vectors ------------------------------------------------------------------------

TEST(JsonLdVectors, EddsaRdfc2022Document) {
    const fs::path dir = kData / "vc-di-eddsa" / "eddsa-rdfc-2022";
    EXPECT_EQ(CanonicalOf(ReadJson(kData / "vc-di-eddsa" / "unsigned.json"), VectorOptions()),
              ReadFile(dir / "canonDocDataInt.txt"));
    EXPECT_EQ(CanonicalOf(WithoutProof(ReadJson(dir / "signedDataInt.json")), VectorOptions()),
              ReadFile(dir / "canonDocDataInt.txt"));
}

TEST(JsonLdVectors, EddsaRdfc2022ProofConfiguration) {
    const fs::path dir = kData / "vc-di-eddsa" / "eddsa-rdfc-2022";
    EXPECT_EQ(CanonicalOf(ReadJson(dir / "proofConfigDataInt.json"), VectorOptions()),
              ReadFile(dir / "proofCanonDataInt.txt"));
}

TEST(JsonLdVectors, EddsaRdfc2022EmploymentAuthorization) {
    const fs::path dir = kData / "vc-di-eddsa" / "eddsa-rdfc-2022" / "employ";
    EXPECT_EQ(CanonicalOf(ReadJson(kData / "vc-di-eddsa" / "employmentAuth.json"), VectorOptions()),
              ReadFile(dir / "canonDocDataInt.txt"));
    EXPECT_EQ(CanonicalOf(WithoutProof(ReadJson(dir / "signedDataInt.json")), VectorOptions()),
              ReadFile(dir / "canonDocDataInt.txt"));
    EXPECT_EQ(CanonicalOf(ReadJson(dir / "proofConfigDataInt.json"), VectorOptions()),
              ReadFile(dir / "proofCanonDataInt.txt"));
}

TEST(JsonLdVectors, Ed25519Signature2020) {
    const fs::path dir = kData / "vc-di-eddsa" / "Ed25519Signature2020";
    EXPECT_EQ(CanonicalOf(WithoutProof(ReadJson(dir / "signedEdSig.json")), VectorOptions()),
              ReadFile(dir / "canonDocEdSig.txt"));
    EXPECT_EQ(CanonicalOf(ReadJson(dir / "proofConfigEdSig.json"), VectorOptions()),
              ReadFile(dir / "proofCanonEdSig.txt"));
}

TEST(JsonLdVectors, OpenBadges3WithBuiltInContextsOnly) {
    const fs::path dir = kData / "openbadges";
    EXPECT_EQ(CanonicalOf(ReadJson(dir / "ob-credential.json"), {}), ReadFile(dir / "document-canon.txt"));
    EXPECT_EQ(CanonicalOf(ReadJson(dir / "ob-proof-config.json"), {}), ReadFile(dir / "proof-canon.txt"));
}

TEST(JsonLdVectors, SignedDocumentPutsTheProofInItsOwnGraph) {
    const json signed_doc = ReadJson(kData / "vc-di-eddsa" / "eddsa-rdfc-2022" / "signedDataInt.json");
    auto dataset = ToRdf(signed_doc, VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    std::optional<Term> proof_graph;
    std::size_t in_default = 0, in_proof = 0;
    for (const auto& quad : *dataset) {
        if (quad.predicate.value == "https://w3id.org/security#proof") {
            EXPECT_FALSE(quad.graph.has_value());
            EXPECT_EQ(quad.subject, Term::Iri("urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33"));
            EXPECT_TRUE(quad.object.IsBlank());
            proof_graph = quad.object;
        }
    }
    ASSERT_TRUE(proof_graph.has_value());
    for (const auto& quad : *dataset) {
        if (!quad.graph) {
            ++in_default;
        } else {
            EXPECT_EQ(*quad.graph, *proof_graph);
            ++in_proof;
        }
    }
    EXPECT_EQ(in_default, 9u);  // the 8 quads of the unsigned document + the proof link
    EXPECT_EQ(in_proof, 6u);    // type, cryptosuite, created, verificationMethod, purpose, value
}

TEST(JsonLdVectors, ResultIsStableAcrossCallsAndThreads) {
    const json credential = ReadJson(kData / "openbadges" / "ob-credential.json");
    const std::string expected = ReadFile(kData / "openbadges" / "document-canon.txt");
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                auto dataset = ToRdf(credential);
                if (!dataset) return;
                auto canonical = Canonicalize(*dataset);
                if (!canonical || canonical->nquads != expected) return;
            }
            ok[static_cast<std::size_t>(t)] = 1;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok, std::vector<int>(4, 1));
}

// --- built-in contexts -----------------------------------------------------------------------

TEST(JsonLdContexts, EveryBuiltInContextProcesses) {
    const auto urls = BuiltInContexts().Urls();
    EXPECT_EQ(urls.size(), 9u);
    for (const auto& url : urls) {
        auto dataset = ToRdf(json{{"@context", url}});
        EXPECT_TRUE(dataset.has_value()) << url << ": " << dataset.error().message;
        EXPECT_NE(BuiltInContexts().Find(url), nullptr);
    }
    EXPECT_EQ(BuiltInContexts().Find("https://www.w3.org/ns/credentials/examples/v2"), nullptr);
}

TEST(JsonLdContexts, ContextSetRejectsBadDocuments) {
    EXPECT_FALSE(ContextSet::Create({{"https://example.org/c", "{not json"}}, false).has_value());
    EXPECT_FALSE(ContextSet::Create({{"https://example.org/c", "{\"a\": 1}"}}, false).has_value());
    EXPECT_FALSE(ContextSet::Create({{"relative/url", "{\"@context\": {}}"}}, false).has_value());
    EXPECT_FALSE(ContextSet::Create({{std::string(kCredentialsV2ContextUrl), "{\"@context\": {}}"}}, true)
                     .has_value());
    EXPECT_TRUE(ContextSet::Create({{"https://example.org/c", "{\"@context\": {}}"}}, false).has_value());
}

TEST(JsonLdContexts, CombinedSecurityContextsAgree) {
    // The VC 2.0, Data Integrity and Ed25519Signature2020 contexts redefine protected terms
    // identically; using them together is allowed.
    json doc = {
        {"@context",
         {kCredentialsV2ContextUrl, kDataIntegrityV2ContextUrl, kEd25519Signature2020ContextUrl,
          kMultikeyV1ContextUrl, kOpenBadgesV3ContextUrl, kOpenBadgesV3ExtensionsContextUrl}},
        {"id", "urn:example:1"},
        {"type", {"VerifiableCredential", "OpenBadgeCredential"}},
        {"credentialStatus", {{"id", "https://example.org/status#3"}, {"type", "1EdTechRevocationList"}}}};
    auto dataset = ToRdf(doc);
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_NE(SortedNQuads(*dataset).find(
                  "<https://example.org/status#3> "
                  "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                  "<https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList> ."),
              std::string::npos);
}

// --- value forms -----------------------------------------------------------------------------

json ObAchievement(json extra) {
    json achievement = {{"id", "https://example.org/a/1"}, {"type", "Achievement"}};
    achievement.update(extra);
    return json{{"@context", {kCredentialsV2ContextUrl, kOpenBadgesV3ContextUrl}},
                {"id", "urn:example:cred"},
                {"type", {"VerifiableCredential", "OpenBadgeCredential"}},
                {"credentialSubject",
                 {{"id", "did:example:s"}, {"type", "AchievementSubject"}, {"achievement", achievement}}}};
}

std::string ObjectOf(const Dataset& dataset, std::string_view predicate) {
    for (const auto& quad : dataset) {
        if (quad.predicate.value == predicate) {
            Quad q = quad;
            std::string line = SerializeNQuad(q);
            auto start = line.find(std::string(predicate)) + predicate.size() + 2;
            return line.substr(start, line.size() - start - 3);
        }
    }
    return "(none)";
}

TEST(JsonLdValues, FloatTypedNumbersUseIntegerOrDoubleForms) {
    const std::string credits = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsAvailable";
    auto whole = ToRdf(ObAchievement({{"creditsAvailable", 36}}));
    ASSERT_TRUE(whole.has_value()) << whole.error().message;
    EXPECT_EQ(ObjectOf(*whole, credits), "\"36\"^^<https://www.w3.org/2001/XMLSchema#float>");
    auto fraction = ToRdf(ObAchievement({{"creditsAvailable", 3.5}}));
    ASSERT_TRUE(fraction.has_value());
    EXPECT_EQ(ObjectOf(*fraction, credits), "\"3.5E0\"^^<https://www.w3.org/2001/XMLSchema#float>");
    auto integral_double = ToRdf(ObAchievement({{"creditsAvailable", 2.0}}));
    ASSERT_TRUE(integral_double.has_value());
    EXPECT_EQ(ObjectOf(*integral_double, credits), "\"2\"^^<https://www.w3.org/2001/XMLSchema#float>");
}

json VocabDoc(json properties) {
    json doc = {{"@context", {{"@vocab", "https://example.org/v#"}}}, {"@id", "https://example.org/s"}};
    doc.update(properties);
    return doc;
}

TEST(JsonLdValues, NativeTypes) {
    auto dataset = ToRdf(VocabDoc({{"i", 5},
                                   {"n", -12},
                                   {"d", 0.1},
                                   {"big", 1e21},
                                   {"exp", 123456.789},
                                   {"t", true},
                                   {"f", false},
                                   {"s", "a \"b\"\n"}}),
                         VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#i"),
              "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#n"),
              "\"-12\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#d"),
              "\"1.0E-1\"^^<http://www.w3.org/2001/XMLSchema#double>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#big"),
              "\"1.0E21\"^^<http://www.w3.org/2001/XMLSchema#double>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#exp"),
              "\"1.23456789E5\"^^<http://www.w3.org/2001/XMLSchema#double>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#t"),
              "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#f"),
              "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#s"), "\"a \\\"b\\\"\\n\"");
}

TEST(JsonLdValues, ValueObjectsLanguagesAndDatatypes) {
    auto dataset =
        ToRdf(VocabDoc({{"l", {{"@value", "bonjour"}, {"@language", "FR-fr"}}},
                        {"x", {{"@value", "2024-01-01"}, {"@type", "http://www.w3.org/2001/XMLSchema#date"}}},
                        {"dbl", {{"@value", 7}, {"@type", "http://www.w3.org/2001/XMLSchema#double"}}},
                        {"gone", {{"@value", nullptr}}},
                        {"nothing", nullptr}}),
              VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#l"), "\"bonjour\"@fr-fr");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#x"),
              "\"2024-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>");
    EXPECT_EQ(ObjectOf(*dataset, "https://example.org/v#dbl"),
              "\"7.0E0\"^^<http://www.w3.org/2001/XMLSchema#double>");
    EXPECT_EQ(dataset->size(), 3u);
}

TEST(JsonLdValues, JsonLiteralIsCanonical) {
    json doc = {
        {"@context", {kCredentialsV2ContextUrl}},
        {"id", "https://example.org/schema"},
        {"type", "JsonSchema"},
        {"jsonSchema", json::parse(R"({"z": [1, 2.5, 1e21, "é\u0001"], "a": {"y": null, "b": true}})")}};
    auto dataset = ToRdf(doc);
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_EQ(ObjectOf(*dataset, "https://www.w3.org/2018/credentials#jsonSchema"),
              "\"{\\\"a\\\":{\\\"b\\\":true,\\\"y\\\":null},\\\"z\\\":[1,2.5,1e+21,\\\"é\\\\u0001\\\"]}\""
              "^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>");
}

TEST(JsonLdValues, CanonicalJsonNumbersFollowEcmaScript) {
    auto text = [](double d) { return CanonicalJson(json(d)).value(); };
    EXPECT_EQ(text(100.0), "100");
    EXPECT_EQ(text(0.000001), "0.000001");
    EXPECT_EQ(text(1e-7), "1e-7");
    EXPECT_EQ(text(123.456), "123.456");
    EXPECT_EQ(text(-0.0), "0");
    EXPECT_EQ(text(1e21), "1e+21");
    EXPECT_EQ(text(4.5e-300), "4.5e-300");
    EXPECT_EQ(CanonicalJson(json::parse(R"({"\u20ac":1,"\r":2,"1":3,"\ud83d\ude00":4,"\ufb33":5})")).value(),
              "{\"\\r\":2,\"1\":3,\"\xE2\x82\xAC\":1,\"\xF0\x9F\x98\x80\":4,\"\xEF\xAC\xB3\":5}");
    EXPECT_FALSE(CanonicalJson(json(std::numeric_limits<double>::infinity())).has_value());
    EXPECT_FALSE(CanonicalJson(json(9007199254740993LL)).has_value());
}

TEST(JsonLdValues, ListContainerBuildsRdfList) {
    json doc = ObAchievement({{"resultDescription",
                               {{{"id", "https://example.org/rd/1"},
                                 {"type", "ResultDescription"},
                                 {"allowedValue", {"A", "B"}}}}}});
    auto dataset = ToRdf(doc);
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    auto canonical = Canonicalize(*dataset);
    ASSERT_TRUE(canonical.has_value());
    const std::string& nq = canonical->nquads;
    EXPECT_NE(nq.find("<https://example.org/rd/1> "
                      "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#allowedValue> _:c14n"),
              std::string::npos)
        << nq;
    EXPECT_NE(nq.find("<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"A\" ."), std::string::npos);
    EXPECT_NE(nq.find("<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"B\" ."), std::string::npos);
    EXPECT_NE(nq.find("<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> ."),
              std::string::npos);
    auto empty = ToRdf(VocabDoc({{"l", {{"@list", json::array()}}}}), VectorOptions());
    ASSERT_TRUE(empty.has_value()) << empty.error().message;
    EXPECT_EQ(ObjectOf(*empty, "https://example.org/v#l"),
              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>");
}

TEST(JsonLdValues, TopLevelGraphAndBlankNodeLabels) {
    json doc = {
        {"@context", {{"@vocab", "https://example.org/v#"}}},
        {"@graph",
         {{{"@id", "_:x"}, {"knows", {{"@id", "_:y"}}}}, {{"@id", "_:y"}, {"knows", {{"@id", "_:x"}}}}}}};
    auto dataset = ToRdf(doc, VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    ASSERT_EQ(dataset->size(), 2u);
    EXPECT_FALSE((*dataset)[0].graph.has_value());
    EXPECT_EQ((*dataset)[0].subject, (*dataset)[1].object);
    EXPECT_EQ((*dataset)[0].object, (*dataset)[1].subject);
}

TEST(JsonLdValues, BaseResolvesRelativeIdentifiers) {
    json doc = {{"@context", {{"@vocab", "https://example.org/v#"}, {"@base", "https://example.org/a/b/c"}}},
                {"@id", "../d?q#f"},
                {"p", {{"@id", "e"}}}};
    auto dataset = ToRdf(doc, VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_EQ((*dataset)[0].subject, Term::Iri("https://example.org/a/d?q#f"));
    EXPECT_EQ((*dataset)[0].object, Term::Iri("https://example.org/a/b/e"));
}

TEST(JsonLdValues, GraphContainerKeepsAnExplicitGraphObject) {
    json doc = {
        {"@context",
         {{"@vocab", "https://e.org/"}, {"g", {{"@id", "https://e.org/g"}, {"@container", "@graph"}}}}},
        {"@id", "https://e.org/s"},
        {"g", {{"@id", "https://e.org/G"}, {"@graph", {{"@id", "https://e.org/n"}, {"p", "v"}}}}}};
    auto dataset = ToRdf(doc, VectorOptions());
    ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
    EXPECT_EQ(SortedNQuads(*dataset),
              "<https://e.org/n> <https://e.org/p> \"v\" <https://e.org/G> .\n"
              "<https://e.org/s> <https://e.org/g> <https://e.org/G> .\n");
}

TEST(JsonLdValues, InlineScopedContextsAreNotConfusedAcrossDocuments) {
    auto doc = [](const std::string& iri) {
        return json{
            {"@context",
             {{"@vocab", "https://e.org/"}, {"T", {{"@id", "https://e.org/T"}, {"@context", {{"p", iri}}}}}}},
            {"@id", "https://e.org/s"},
            {"@type", "T"},
            {"p", "x"}};
    };
    for (int i = 0; i < 3; ++i) {
        for (const std::string iri : {"https://e.org/one", "https://e.org/two"}) {
            auto dataset = ToRdf(doc(iri), VectorOptions());
            ASSERT_TRUE(dataset.has_value()) << dataset.error().message;
            EXPECT_EQ(ObjectOf(*dataset, iri), "\"x\"");
        }
    }
}

// --- safe mode and bounds --------------------------------------------------------------------

TEST(JsonLdSafeMode, UndefinedTermNamesItsPath) {
    json doc = ObAchievement({{"foo", "bar"}});
    EXPECT_EQ(ErrorOf(doc), "credentialSubject.achievement.foo: term not defined by the context");
    json in_array = ObAchievement(json::object());
    in_array["credentialSubject"]["achievement"]["alignment"] = json::array({json::object(), {{"nope", 1}}});
    EXPECT_EQ(ErrorOf(in_array),
              "credentialSubject.achievement.alignment[1].nope: term not defined by the context");
    json top = ReadJson(kData / "openbadges" / "ob-credential.json");
    top["colour"] = "blue";
    EXPECT_EQ(ErrorOf(top), "colour: term not defined by the context");
}

TEST(JsonLdSafeMode, TypeScopedTermsDoNotLeakIntoNestedNodes) {
    // "narrative" is defined at the top of the OB context, "achievementType" only for Achievement:
    // it is not visible inside the criteria node.
    json doc = ObAchievement({{"criteria", {{"achievementType", "Badge"}}}});
    EXPECT_EQ(ErrorOf(doc),
              "credentialSubject.achievement.criteria.achievementType: term not defined by the context");
    json ok = ObAchievement({{"criteria", {{"narrative", "Do it"}}}});
    EXPECT_EQ(ErrorOf(ok), "(no error)");
}

TEST(JsonLdSafeMode, UndefinedTypeAndRelativeIris) {
    json type = ObAchievement(json::object());
    type["credentialSubject"]["achievement"]["type"] = {"Achievement", "Trophy"};
    EXPECT_EQ(ErrorOf(type),
              "credentialSubject.achievement.type: \"Trophy\" is not an absolute IRI "
              "(relative IRIs are not allowed)");
    json relative_id = ObAchievement(json::object());
    relative_id["credentialSubject"]["id"] = "students/42";
    EXPECT_EQ(ErrorOf(relative_id),
              "credentialSubject.id: \"students/42\" is not an absolute IRI "
              "(relative IRIs are not allowed)");
    json relative_ref = ObAchievement({{"image", "logo.png"}});
    EXPECT_EQ(ErrorOf(relative_ref),
              "credentialSubject.achievement.image: \"logo.png\" is not an absolute IRI "
              "(relative IRIs are not allowed)");
    json bad_iri = ObAchievement({{"image", "https://example.org/a b.png"}});
    EXPECT_NE(ErrorOf(bad_iri).find("is not an absolute IRI"), std::string::npos);
}

TEST(JsonLdSafeMode, UnknownContextUrl) {
    json doc = {{"@context", {kCredentialsV2ContextUrl, "https://evil.example/context.json"}}, {"name", "x"}};
    EXPECT_EQ(ErrorOf(doc, {}),
              "@context: unknown context https://evil.example/context.json (only built-in contexts "
              "are allowed; none is fetched)");
    EXPECT_NE(ErrorOf({{"@context", kExamplesV2}}, {}).find("unknown context"), std::string::npos);
}

TEST(JsonLdSafeMode, WrongContextTypes) {
    EXPECT_NE(ErrorOf({{"@context", 42}}).find("a context must be an object, a URL string or null"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {true}}}).find("a context must be"), std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"name", 5}}}}).find("term \"name\": a term definition must be"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", 5}}}}).find("@vocab must be a string or null"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "relative"}}}}).find("@vocab must expand to an absolute IRI"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@version", 1.0}}}}).find("@version must be the number 1.1"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"x", {{"@id", "https://e.org/x"}, {"@container", "@language"}}}}}})
                  .find("unsupported @container"),
              std::string::npos);
    EXPECT_NE(
        ErrorOf({{"@context", {{"x", {{"@reverse", "https://e.org/x"}}}}}}).find("@reverse is not supported"),
        std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"a", "b:c"}, {"b", "a:d"}}}}).find("cyclic IRI mapping"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"id", "@context"}}}}).find("@context cannot be aliased"),
              std::string::npos);
    EXPECT_NE(
        ErrorOf({{"@context", {{"x", "y"}}}}).find("term \"x\": @id does not expand to an absolute IRI"),
        std::string::npos);
}

TEST(JsonLdSafeMode, ProtectedTermsCannotBeRedefined) {
    json doc = {{"@context", {kCredentialsV2ContextUrl, {{"name", "https://example.org/name"}}}},
                {"name", "x"}};
    EXPECT_NE(ErrorOf(doc, {}).find("term \"name\": redefinition of a protected term"), std::string::npos);
    json nullify = {{"@context", {kCredentialsV2ContextUrl, nullptr}}};
    EXPECT_NE(ErrorOf(nullify, {}).find("cannot be nullified"), std::string::npos);
    json same = {{"@context", {kCredentialsV2ContextUrl, {{"name", "https://schema.org/name"}}}},
                 {"id", "urn:x:1"},
                 {"name", "x"}};
    EXPECT_EQ(ErrorOf(same, {}), "(no error)");
}

TEST(JsonLdSafeMode, DroppedValuesAreErrors) {
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "https://e.org/"}}}, {"@graph", {"loose"}}})
                  .find("outside any property"),
              std::string::npos);
    EXPECT_NE(ErrorOf(json::array({1})).find("outside any property"), std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "https://e.org/"}}}, {"@foo", 1}}).find("term not defined"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "https://e.org/"}}}, {"@reverse", {{"p", "x"}}}})
                  .find("@reverse is not supported"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "https://e.org/"}}},
                       {"@id", "https://e.org/s"},
                       {"id2", {{"@value", "x"}, {"extra", 1}}}})
                  .find("a value object may only have"),
              std::string::npos);
    EXPECT_NE(ErrorOf({{"@context", {{"@vocab", "https://e.org/"}}}, {"_:p", "x"}})
                  .find("blank node cannot be a property"),
              std::string::npos);
    EXPECT_NE(ErrorOf(json("just a string")).find("a JSON-LD document is a JSON object or array"),
              std::string::npos);
}

TEST(JsonLdBounds, DeepNestingIsAnError) {
    // 1,000 levels, far beyond the 64 allowed. (nlohmann copies recursively, and building the
    // nesting with initializer lists copies it: 10,000 levels overflow the stack under ASan
    // before ToRdf is even called.)
    json deep = "leaf";
    for (int i = 0; i < 1'000; ++i) deep = json{{"p", std::move(deep)}};
    deep["@context"] = {{"@vocab", "https://example.org/v#"}};
    EXPECT_NE(ErrorOf(deep).find("nested more than 64 levels"), std::string::npos);
    json arrays = json::array();
    for (int i = 0; i < 1'000; ++i) arrays = json::array({std::move(arrays)});
    EXPECT_NE(ErrorOf(VocabDoc({{"p", arrays}})).find("nested more than 64 levels"), std::string::npos);
}

TEST(JsonLdBounds, HugeNumbersAndLimits) {
    EXPECT_NE(ErrorOf(VocabDoc({{"n", 9007199254740993LL}})).find("integer beyond +-2^53"),
              std::string::npos);
    EXPECT_NE(ErrorOf(VocabDoc({{"n", 18446744073709551615ULL}})).find("integer beyond +-2^53"),
              std::string::npos);
    EXPECT_NE(ErrorOf(VocabDoc({{"n", std::numeric_limits<double>::infinity()}})).find("not finite"),
              std::string::npos);
    auto big = ToRdf(VocabDoc({{"n", 1e300}}), VectorOptions());
    ASSERT_TRUE(big.has_value());
    EXPECT_EQ(ObjectOf(*big, "https://example.org/v#n"),
              "\"1.0E300\"^^<http://www.w3.org/2001/XMLSchema#double>");
    auto exact = ToRdf(VocabDoc({{"n", 9007199254740992LL}}), VectorOptions());
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(ObjectOf(*exact, "https://example.org/v#n"),
              "\"9007199254740992\"^^<http://www.w3.org/2001/XMLSchema#integer>");

    JsonLdOptions few = VectorOptions();
    few.max_quads = 3;
    EXPECT_NE(ErrorOf(ReadJson(kData / "vc-di-eddsa" / "unsigned.json"), few).find("more than 3 quads"),
              std::string::npos);
    EXPECT_NE(
        ErrorOf(VocabDoc({{"s", std::string(kMaxJsonLdStringBytes + 1, 'x')}})).find("string longer than"),
        std::string::npos);
    json many = json::array();
    for (std::size_t i = 0; i <= kMaxJsonLdValues; ++i) many.push_back(1);
    EXPECT_NE(ErrorOf(VocabDoc({{"n", many}})).find("JSON values"), std::string::npos);
}

// skip_top_level_member and top_level_context give what a copy of the document without the
// member, or with the other @context, gives (Verify relies on both to avoid copying documents).
TEST(JsonLdOptions, SkipTopLevelMemberAndContextOverride) {
    const json credential = ReadJson(kData / "openbadges" / "ob-credential.json");
    auto canonical = [](const json& doc, const JsonLdOptions& options) {
        auto dataset = ToRdf(doc, options);
        EXPECT_TRUE(dataset.has_value()) << dataset.error().message;
        return dataset ? Canonicalize(*dataset)->nquads : std::string();
    };
    const std::string plain = canonical(credential, {});
    json with_proof = credential;
    with_proof["proof"] = {{"type", "DataIntegrityProof"}, {"undefinedTerm", 1}};
    EXPECT_FALSE(ToRdf(with_proof).has_value());  // "undefinedTerm" is no term of the contexts
    JsonLdOptions skip;
    skip.skip_top_level_member = "proof";
    EXPECT_EQ(canonical(with_proof, skip), plain);
    // Only at the top level: a nested member of that name is still read.
    json nested = credential;
    nested["credentialSubject"]["proof"] = "x";
    EXPECT_FALSE(ToRdf(nested, skip).has_value());
    // Another member skipped changes the dataset as removing it does.
    skip.skip_top_level_member = "name";
    json unnamed = credential;
    unnamed.erase("name");
    EXPECT_EQ(canonical(credential, skip), canonical(unnamed, {}));
    EXPECT_NE(canonical(credential, skip), plain);

    // The context override replaces the document's own @context, only at the top level.
    const json v2_only = json::array({"https://www.w3.org/ns/credentials/v2"});
    JsonLdOptions override_context;
    override_context.top_level_context = &v2_only;
    json replaced = credential;
    replaced["@context"] = v2_only;
    auto overridden = ToRdf(credential, override_context);
    auto copied = ToRdf(replaced);
    ASSERT_EQ(overridden.has_value(), copied.has_value());
    ASSERT_FALSE(copied.has_value());  // the OB terms are not defined by VC 2.0 alone
    EXPECT_EQ(overridden.error().message, copied.error().message);
    json no_context = credential;
    no_context.erase("@context");
    const json full_context = credential["@context"];
    override_context.top_level_context = &full_context;
    EXPECT_EQ(canonical(no_context, override_context), plain);
}

}  // namespace
}  // namespace passeur::credential
