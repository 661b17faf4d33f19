// Territorial aggregation with small-group suppression (pure). A coordinator sees counts, never a
// person: a group of fewer than kMinGroupSize distinct people is left out of the answer entirely.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace passeur::campaign {

inline constexpr int kMinGroupSize = 10;

// One person's outcome in one group (e.g. group "profile:<id>" or "competence:<profile>:<fw>:<code>").
struct AggregateRow {
    std::string group;
    std::string person;  // user id: each person counts once per group (their last row wins)
    bool met = false;
    bool gap = false;
};

struct AggregateGroup {
    std::string group;
    int people = 0;  // distinct persons, ≥ min_group_size
    int met = 0;     // of them, whose (last) row is met
    int gap = 0;     // of them, whose (last) row is a gap
    bool operator==(const AggregateGroup&) const = default;
};

// The groups of `rows` with at least `min_group_size` distinct people, sorted by group key.
// Groups below the threshold are dropped (not shown as zero, not merged).
std::vector<AggregateGroup> AggregateGroups(std::span<const AggregateRow> rows,
                                            int min_group_size = kMinGroupSize);

}  // namespace passeur::campaign
