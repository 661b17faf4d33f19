#include "campaign/profile_source.hpp"

namespace passeur::campaign {

ProfileSource ProfileSourceFrom(framework::FrameworkService& frameworks) {
    return [&frameworks](std::string_view profile_id) -> core::Result<ProfileInfo> {
        auto stored = frameworks.GetProfile(profile_id);
        if (!stored) return core::Fail(stored.error());
        ProfileInfo out;
        out.id = stored->profile.id;
        out.name = stored->profile.name.In("fr");
        out.audience = stored->profile.audience;
        for (const auto& r : stored->profile.requirements) {
            out.competences.push_back({r.framework, r.competence, r.level});
        }
        return out;
    };
}

}  // namespace passeur::campaign
