/* plan-print.h — the plan checked and shown (--print-plan). */
#pragma once

#include "plan.h"

/* Check what can be checked before anything is created: a command, absolute
 * destinations, bind sources that exist. */
gboolean sbox_plan_validate (SboxPlan *plan, GError **error);

char *sbox_plan_to_text (SboxPlan *plan);
char *sbox_plan_to_json (SboxPlan *plan);
