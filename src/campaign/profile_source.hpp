// The campaign service's view of target profiles, read from the framework service.
#pragma once

#include "campaign/campaign_service.hpp"
#include "framework/framework_service.hpp"

namespace passeur::campaign {

// A ProfileSource over `frameworks` (which must outlive it): name in French (English when French is
// empty), the requirements in the profile's order. kNotFound for an unknown profile.
ProfileSource ProfileSourceFrom(framework::FrameworkService& frameworks);

}  // namespace passeur::campaign
