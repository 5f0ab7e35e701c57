/* plan-print.h — the plan checked and shown (--print-plan). */
#pragma once

#include "plan.h"

/* Check what can be checked before anything is created: a command, absolute
 * destinations, bind sources that exist. */
gboolean sbox_plan_validate (SboxPlan *plan, GError **error);

/* --print-plan: both forms come from one walk over a table of the plan's
 * fields. */
char *sbox_plan_to_text (SboxPlan *plan);
char *sbox_plan_to_json (SboxPlan *plan);

/* The index-th entry of that table: the SboxPlan member (NULL for a constant
 * every plan shares), its JSON key, and for members deliberately not printed
 * the reason (key NULL). FALSE past the end. */
gboolean sbox_plan_print_field (guint index, const char **member, const char **key,
                                const char **why_not);
