// RDFC-1.0: the W3C rdf-canon test suite (evaluation, map and negative tests), the published
// first-degree hashes of the spec's examples, the vc-di-eddsa canonical document, work limits.
#include "credential/rdf_canon.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "credential/rdf.hpp"

namespace passeur::credential {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct SuiteCounts {
    int eval_passed = 0, eval_total = 0;
    int map_passed = 0, map_total = 0;
    int negative_passed = 0, negative_total = 0;
};

// Runs every entry of <dir>/manifest.jsonld; records a gtest failure for each failing entry.
SuiteCounts RunSuite(const fs::path& dir) {
    SuiteCounts counts;
    auto manifest = nlohmann::json::parse(ReadFile(dir / "manifest.jsonld"));
    for (const auto& entry : manifest.at("entries")) {
        const std::string id = entry.at("id").get<std::string>();
        const std::string type = entry.at("type").get<std::string>();
        CanonOptions options;
        if (entry.contains("hashAlgorithm")) {
            const std::string algorithm = entry.at("hashAlgorithm").get<std::string>();
            if (algorithm == "SHA384") {
                options.hash_algorithm = HashAlgorithm::kSha384;
            } else {
                ADD_FAILURE() << id << ": unknown hash algorithm " << algorithm;
                continue;
            }
        }
        auto input = ParseNQuads(ReadFile(dir / entry.at("action").get<std::string>()));
        if (!input) {
            ADD_FAILURE() << id << ": input does not parse: " << input.error().message;
            continue;
        }
        auto started = std::chrono::steady_clock::now();
        auto result = Canonicalize(*input, options);
        auto elapsed = std::chrono::steady_clock::now() - started;
        if (type == "rdfc:RDFC10NegativeEvalTest") {
            ++counts.negative_total;
            if (result) {
                ADD_FAILURE() << id << ": a poison graph was canonicalized";
            } else if (result.error().code != core::ErrorCode::kInvalidArgument ||
                       result.error().message.find("stopped") == std::string::npos) {
                ADD_FAILURE() << id << ": unexpected error " << result.error().message;
            } else if (elapsed > std::chrono::seconds(5)) {
                ADD_FAILURE() << id << ": the work limit took too long to stop it";
            } else {
                ++counts.negative_passed;
            }
            continue;
        }
        if (!result) {
            ADD_FAILURE() << id << ": " << result.error().message;
            (type == "rdfc:RDFC10MapTest" ? counts.map_total : counts.eval_total) += 1;
            continue;
        }
        const std::string expected = ReadFile(dir / entry.at("result").get<std::string>());
        if (type == "rdfc:RDFC10EvalTest") {
            ++counts.eval_total;
            EXPECT_EQ(result->nquads, expected) << id;
            if (result->nquads == expected) ++counts.eval_passed;
        } else if (type == "rdfc:RDFC10MapTest") {
            ++counts.map_total;
            std::map<std::string, std::string> expected_map = nlohmann::json::parse(expected);
            std::map<std::string, std::string> actual(result->issued.begin(), result->issued.end());
            EXPECT_EQ(actual, expected_map) << id;
            if (actual == expected_map) ++counts.map_passed;
        } else {
            ADD_FAILURE() << id << ": unknown test type " << type;
        }
    }
    std::cout << "rdf-canon suite " << dir.string() << ": eval " << counts.eval_passed << "/"
              << counts.eval_total << ", map " << counts.map_passed << "/" << counts.map_total
              << ", negative " << counts.negative_passed << "/" << counts.negative_total << "\n";
    return counts;
}

TEST(RdfCanonSuite, EveryTestOfTheCopiedSuitePasses) {
    SuiteCounts counts = RunSuite(fs::path(PASSEUR_CREDENTIAL_TEST_DATA_DIR) / "rdf-canon");
    EXPECT_EQ(counts.eval_total, 64);
    EXPECT_EQ(counts.map_total, 21);
    EXPECT_EQ(counts.negative_total, 1);
    EXPECT_EQ(counts.eval_passed, counts.eval_total);
    EXPECT_EQ(counts.map_passed, counts.map_total);
    EXPECT_EQ(counts.negative_passed, counts.negative_total);
}

// The same suite from ../shared/vectors (PASSEUR_SHARED_VECTORS_DIR), when that folder exists.
TEST(RdfCanonSuite, EveryTestOfTheSharedSuitePasses) {
    fs::path dir = fs::path(PASSEUR_SHARED_VECTORS_DIR) / "rdf-canon";
    if (!fs::exists(dir / "manifest.jsonld")) {
        GTEST_SKIP() << "no shared vectors at " << dir.string()
                     << " (the copy in tests/credential/data is tested)";
    }
    SuiteCounts counts = RunSuite(dir);
    EXPECT_GT(counts.eval_total + counts.map_total + counts.negative_total, 0);
    EXPECT_EQ(counts.eval_passed + counts.map_passed + counts.negative_passed,
              counts.eval_total + counts.map_total + counts.negative_total);
}

// First-degree hashes published in the spec's example logs (w3c.github.io/rdf-canon/spec/
// duplicate-paths.yml and double-circle.yml).
TEST(RdfCanon, FirstDegreeHashesMatchTheSpecExamples) {
    auto dataset = ParseNQuads(
        "_:e0 <http://example.com/#p1> _:e1 .\n"
        "_:e1 <http://example.com/#p2> \"Foo\" .\n"
        "_:e2 <http://example.com/#p1> _:e3 .\n"
        "_:e3 <http://example.com/#p2> \"Foo\" .\n");
    ASSERT_TRUE(dataset);
    auto e0 = HashFirstDegreeQuads(*dataset, "e0");
    ASSERT_TRUE(e0);
    EXPECT_EQ(*e0, "24da9a4406b4e66dffa10ad3d4d6dddc388fbf193bb124e865158ef419893957");
    EXPECT_EQ(*HashFirstDegreeQuads(*dataset, "e2"), *e0);
    EXPECT_EQ(*HashFirstDegreeQuads(*dataset, "e1"),
              "a994e40b576809985bc0f389308cd9d552fd7c89d028c163848a6b2d33a8583a");
    EXPECT_FALSE(HashFirstDegreeQuads(*dataset, "nope"));

    auto circle = ParseNQuads(
        "_:e0 <http://example.org/vocab#next> _:e1 .\n"
        "_:e0 <http://example.org/vocab#prev> _:e1 .\n"
        "_:e1 <http://example.org/vocab#next> _:e0 .\n"
        "_:e1 <http://example.org/vocab#prev> _:e0 .\n");
    ASSERT_TRUE(circle);
    EXPECT_EQ(*HashFirstDegreeQuads(*circle, "e0"),
              "60dc8fc7b5481014b6ea38efb05455676d1e93e19b99119ab294941dacc16b3b");
}

TEST(RdfCanon, HashHexGivesSha256AndSha384) {
    EXPECT_EQ(HashHex(HashAlgorithm::kSha256, "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(HashHex(HashAlgorithm::kSha384, "abc"),
              "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
              "8086072ba1e7cc2358baeca134c825a7");
}

// The canonical document of the vc-di-eddsa eddsa-rdfc-2022 vector is its own canonical form.
TEST(RdfCanon, VcDiEddsaCanonicalDocumentIsAFixedPoint) {
    const std::string text =
        ReadFile(fs::path(PASSEUR_CREDENTIAL_TEST_DATA_DIR) / "vc-di-eddsa/canonDocDataInt.txt");
    ASSERT_FALSE(text.empty());
    auto dataset = ParseNQuads(text);
    ASSERT_TRUE(dataset) << dataset.error().message;
    EXPECT_EQ(dataset->size(), 8u);
    auto result = Canonicalize(*dataset);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->nquads, text);
    EXPECT_TRUE(result->issued.empty());
}

TEST(RdfCanon, IgnoresQuadOrderAndDuplicates) {
    auto a = ParseNQuads(
        "_:x <http://ex.org/p> _:y .\n"
        "_:y <http://ex.org/q> \"v\" .\n"
        "<http://ex.org/s> <http://ex.org/r> _:x .\n");
    auto b = ParseNQuads(
        "_:n2 <http://ex.org/q> \"v\" .\n"
        "<http://ex.org/s> <http://ex.org/r> _:n1 .\n"
        "_:n2 <http://ex.org/q> \"v\" .\n"
        "_:n1 <http://ex.org/p> _:n2 .\n");
    ASSERT_TRUE(a && b);
    auto ca = Canonicalize(*a);
    auto cb = Canonicalize(*b);
    ASSERT_TRUE(ca && cb);
    EXPECT_EQ(ca->nquads, cb->nquads);
    EXPECT_EQ(std::count(cb->nquads.begin(), cb->nquads.end(), '\n'), 3);
    ASSERT_EQ(ca->issued.size(), 2u);
    ASSERT_EQ(cb->issued.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(ca->issued[i].second, "c14n" + std::to_string(i));
}

TEST(RdfCanon, RejectsQuadsThatAreNotRdf) {
    Dataset dataset{
        {Term::Literal("s"), Term::Iri("http://ex.org/p"), Term::Iri("http://ex.org/o"), std::nullopt}};
    auto result = Canonicalize(dataset);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

// A ring of n blank nodes all alike: each needs Hash N-Degree Quads.
Dataset Ring(int n) {
    Dataset dataset;
    for (int i = 0; i < n; ++i) {
        dataset.push_back({Term::Blank("r" + std::to_string(i)), Term::Iri("http://ex.org/next"),
                           Term::Blank("r" + std::to_string((i + 1) % n)), std::nullopt});
    }
    return dataset;
}

TEST(RdfCanon, WorkLimitsStopHardGraphs) {
    Dataset ring = Ring(12);
    ASSERT_TRUE(Canonicalize(ring));
    CanonOptions few_calls;
    few_calls.max_ndegree_calls_per_blank_node = 0;
    auto calls = Canonicalize(ring, few_calls);
    ASSERT_FALSE(calls);
    EXPECT_NE(calls.error().message.find("Hash N-Degree Quads ran more than"), std::string::npos);
    CanonOptions shallow;
    shallow.max_recursion_depth = 2;
    auto depth = Canonicalize(ring, shallow);
    ASSERT_FALSE(depth);
    EXPECT_NE(depth.error().message.find("nested"), std::string::npos);
    CanonOptions few_permutations;
    few_permutations.max_work = 30;
    auto permutations = Canonicalize(ring, few_permutations);
    ASSERT_FALSE(permutations);
    EXPECT_NE(
        permutations.error().message.find("permutations of related blank nodes took more than 30 steps"),
        std::string::npos);
}

// Two identical stars of 1,000 leaves: a group of 1,000 indistinguishable related blank nodes.
// Whatever the outcome (canonical form or work limit), it must come in bounded time.
TEST(RdfCanon, LargeSymmetricStarsFinishInBoundedTime) {
    Dataset dataset;
    for (int hub = 0; hub < 2; ++hub) {
        for (int leaf = 0; leaf < 1000; ++leaf) {
            dataset.push_back({Term::Blank("h" + std::to_string(hub)), Term::Iri("http://ex.org/has"),
                               Term::Blank("l" + std::to_string(hub) + "_" + std::to_string(leaf)),
                               std::nullopt});
        }
    }
    auto started = std::chrono::steady_clock::now();
    auto result = Canonicalize(dataset);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    if (!result) {
        EXPECT_NE(result.error().message.find("stopped"), std::string::npos);
    } else {
        EXPECT_EQ(result->issued.size(), 2002u);
    }
}

// A badge-like dataset: 60 quads, 3 blank nodes with distinct first-degree hashes.
Dataset BadgeLike() {
    Dataset dataset;
    const std::string base = "https://example.org/vocab#p";
    for (int i = 0; i < 54; ++i) {
        dataset.push_back({Term::Iri("urn:uuid:0b3aef56-d8ba-11ed-83dd-58172aac" + std::to_string(i % 6)),
                           Term::Iri(base + std::to_string(i)),
                           Term::Literal("value number " + std::to_string(i) + " with some text"),
                           std::nullopt});
    }
    for (int b = 0; b < 3; ++b) {
        std::string label = "b" + std::to_string(b);
        dataset.push_back({Term::Iri("urn:uuid:0b3aef56-d8ba-11ed-83dd-58172aac0"),
                           Term::Iri(base + "link" + std::to_string(b)), Term::Blank(label), std::nullopt});
        dataset.push_back({Term::Blank(label), Term::Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                           Term::Iri(base + "Type" + std::to_string(b)), std::nullopt});
    }
    return dataset;
}

TEST(RdfCanon, BadgeSizedDatasetTiming) {
    Dataset dataset = BadgeLike();
    ASSERT_EQ(dataset.size(), 60u);
    auto first = Canonicalize(dataset);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->issued.size(), 3u);
    std::vector<double> runs;
    constexpr int kCalls = 200;
    for (int run = 0; run < 7; ++run) {
        auto started = std::chrono::steady_clock::now();
        for (int i = 0; i < kCalls; ++i) {
            auto result = Canonicalize(dataset);
            ASSERT_TRUE(result);
        }
        std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - started;
        runs.push_back(elapsed.count() / kCalls);
    }
    std::sort(runs.begin(), runs.end());
    std::cout << "Canonicalize, 60 quads with 3 blank nodes: " << runs[runs.size() / 2]
              << " us per call (median of 7 runs of " << kCalls << ")\n";
}

}  // namespace
}  // namespace passeur::credential
