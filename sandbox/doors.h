/* doors.h — the profile's sockets= and bus policies turned into plan
 * entries: binds of host sockets, generated files, environment, proxies. */
#pragma once

#include "paths.h"
#include "plan.h"
#include "profile.h"

gboolean sbox_doors_add (SboxProfile *profile, const SboxExpandContext *caller, SboxPlan *plan,
                         GError **error);

/* The xdg-dbus-proxy options for one bus: none for full access, else
 * --filter and one option per entry of each "NAME=LEVEL;LEVEL" policy
 * (SboxPlanItem*). */
GPtrArray *sbox_doors_build_proxy_args (gboolean full, GPtrArray *policies);
