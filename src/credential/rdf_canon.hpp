// RDF Dataset Canonicalization, RDFC-1.0 (https://www.w3.org/TR/rdf-canon/).
//
// Contract: Canonicalize is a pure function of the dataset's set of quads (duplicates are
// ignored, order does not matter) and the options. It assigns every blank node a canonical
// label c14nN and returns the canonical N-Quads document (one line per distinct quad, sorted in
// code point order). Poison graphs are stopped by a work limit (see CanonOptions), with an
// InvalidArgument error saying which limit was hit, in bounded time.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "credential/rdf.hpp"

namespace passeur::credential {

enum class HashAlgorithm { kSha256, kSha384 };

struct CanonOptions {
    HashAlgorithm hash_algorithm = HashAlgorithm::kSha256;
    // Hash N-Degree Quads may run at most this many times per blank node of the dataset (in
    // total, recursion included) before canonicalization fails. Graphs that are not built to
    // be hard need at most a few calls per blank node.
    std::size_t max_ndegree_calls_per_blank_node = 50;
    // Work of the permutations tried by Hash N-Degree Quads, in total, before canonicalization
    // fails: each permutation counts 1 + its length + the identifiers its issuer copy holds (a
    // group of k related blank nodes with one hash has k! permutations).
    std::size_t max_work = 2'000'000;
    // Nesting of Hash N-Degree Quads (bounds the stack).
    std::size_t max_recursion_depth = 256;
};

struct CanonicalResult {
    // The canonical N-Quads document (each line ends with "\n", lines in code point order).
    std::string nquads;
    // The issued identifiers map: (input blank node label, canonical label "c14nN"), in the
    // order the canonical labels were issued (c14n0, c14n1, ...).
    std::vector<std::pair<std::string, std::string>> issued;
};

// Canonicalizes `dataset` with RDFC-1.0. Fails with InvalidArgument when a quad is not valid
// RDF (literal subject or graph, non-IRI predicate), when the dataset has more than kMaxQuads
// quads, or when a work limit of `options` is exceeded.
core::Result<CanonicalResult> Canonicalize(const Dataset& dataset, const CanonOptions& options = {});

// Hash First Degree Quads (spec 4.6) of the blank node labelled `label` in `dataset`: exposed
// as a building block for tests and diagnostics. NotFound when no quad has that blank node.
core::Result<std::string> HashFirstDegreeQuads(const Dataset& dataset, std::string_view label,
                                               HashAlgorithm algorithm = HashAlgorithm::kSha256);

// The hash of the canonicalization algorithm: lower-case hex of SHA-256 (64 chars) or SHA-384
// (96 chars) of `data`.
std::string HashHex(HashAlgorithm algorithm, std::string_view data);

}  // namespace passeur::credential
