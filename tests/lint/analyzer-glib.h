/* analyzer-glib.h — read first (-include) by every file tests/lint/analyze.sh
 * analyses. GLib marks the functions that report a failed g_assert_true,
 * g_assert_nonnull, g_assert_cmp* or g_assert_*error noreturn only for clang's
 * analyser and Coverity (G_ANALYZER_NORETURN): g_test_set_nonfatal_assertions ()
 * makes them return. The unit tests never call it, so a failed assertion ends
 * the test; without these declarations gcc -fanalyzer walks on past it and
 * reports the NULL the assertion just refused. Plain types only: nothing may
 * be included before config.h. */
struct _GError;
__attribute__ ((noreturn)) void g_assertion_message (const char *, const char *, int, const char *,
                                                     const char *);
__attribute__ ((noreturn)) void g_assertion_message_cmpstr (const char *, const char *, int,
                                                            const char *, const char *,
                                                            const char *, const char *,
                                                            const char *);
__attribute__ ((noreturn)) void g_assertion_message_cmpstrv (const char *, const char *, int,
                                                             const char *, const char *,
                                                             const char *const *,
                                                             const char *const *, __SIZE_TYPE__);
__attribute__ ((noreturn)) void g_assertion_message_cmpnum (const char *, const char *, int,
                                                            const char *, const char *, long double,
                                                            const char *, long double, char);
__attribute__ ((noreturn)) void g_assertion_message_error (const char *, const char *, int,
                                                           const char *, const char *,
                                                           const struct _GError *, unsigned int,
                                                           int);
