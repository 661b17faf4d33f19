#include "campaign/territory.hpp"

#include <map>
#include <utility>

namespace passeur::campaign {

std::vector<AggregateGroup> AggregateGroups(std::span<const AggregateRow> rows, int min_group_size) {
    struct Outcome {
        bool met = false;
        bool gap = false;
    };
    std::map<std::string, std::map<std::string, Outcome>> groups;
    for (const auto& row : rows) groups[row.group][row.person] = {row.met, row.gap};
    std::vector<AggregateGroup> out;
    for (const auto& [group, people] : groups) {
        if (static_cast<int>(people.size()) < min_group_size) continue;
        AggregateGroup g;
        g.group = group;
        g.people = static_cast<int>(people.size());
        for (const auto& [person, outcome] : people) {
            g.met += outcome.met ? 1 : 0;
            g.gap += outcome.gap ? 1 : 0;
        }
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace passeur::campaign
