/* doors.h — the profile's sockets= and bus policies turned into plan
 * entries: binds of host sockets, generated files, environment, proxies. */
#pragma once

#include "paths.h"
#include "plan.h"
#include "profile.h"

gboolean sbox_doors_add (SboxProfile *profile, const SboxExpandContext *caller, SboxPlan *plan,
                         GError **error);
