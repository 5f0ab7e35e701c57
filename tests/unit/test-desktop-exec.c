/* test-desktop-exec.c — sbox-desktop's Exec= splitter and quoting
 * (helpers/desktop-exec.c): quotes, escapes, field codes, reserved
 * characters and the errors. */
#include "config.h"

#include <string.h>

#include "desktop-exec.h"

/* The arguments of EXEC, one a line. */
static char *
split (const char *exec)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = sbox_desktop_exec_split (exec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (argv);
  g_ptr_array_add (argv, NULL);
  return g_strjoinv ("\n", (char **) argv->pdata);
}

static void
test_split (void)
{
  static const struct
  {
    const char *exec;
    const char *argv;
  } cases[] = {
    { "firefox", "firefox" },
    { "  gimp \t %U\n", "gimp\n%U" },
    { "\"/opt/My App/bin/app\" --flag %F", "/opt/My App/bin/app\n--flag\n%F" },
    /* Inside double quotes only \" \` \$ \\ are escapes; other backslashes
     * stay. */
    { "app \"say \\\"hi\\\"\"", "app\nsay \"hi\"" },
    { "app \"\\$HOME \\`id\\` \\\\\"", "app\n$HOME `id` \\" },
    { "app \"a\\nb\\%c\"", "app\na\\nb\\%c" },
    /* Single quotes keep everything; a backslash outside quotes escapes
     * the next character. */
    { "sh -c 'echo \"$HOME\" \\ %f'", "sh\n-c\necho \"$HOME\" \\ %f" },
    { "app a\\ b \\\"c", "app\na b\n\"c" },
    { "app \\", "app\n\\" },
    /* Quoted parts join the word they touch; an empty pair is an argument. */
    { "pre\"mid dle\"'po st'end", "premid dlepo stend" },
    { "app \"\" ''", "app\n\n" },
    /* Field codes stay as written, for the launcher to expand. */
    { "app %f %F %u %U %i %c %k", "app\n%f\n%F\n%u\n%U\n%i\n%c\n%k" },
    { "printf 100%% \"%u\"", "printf\n100%%\n%u" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Exec=%s", cases[i].exec);
      g_autofree char *got = split (cases[i].exec);
      g_assert_cmpstr (got, ==, cases[i].argv);
    }
}

static void
test_split_errors (void)
{
  static const struct
  {
    const char *exec;
    const char *says;
  } cases[] = {
    { "app \"unterminated", "Exec= has an unterminated double quote" },
    { "app \"ends in an escaped quote\\\"", "Exec= has an unterminated double quote" },
    { "app 'unterminated", "Exec= has an unterminated single quote" },
    { "app \"a 'b\" 'c", "Exec= has an unterminated single quote" },
    { "", "Exec= is empty" },
    { " \t\n ", "Exec= is empty" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_test_message ("Exec=%s", cases[i].exec);
      g_assert_null (sbox_desktop_exec_split (cases[i].exec, &error));
      g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
      g_assert_cmpstr (error->message, ==, cases[i].says);
    }
  /* No GError wanted: still NULL. */
  g_assert_null (sbox_desktop_exec_split ("'", NULL));
}

static char *
quoted (const char *arg)
{
  GString *out = g_string_new (NULL);
  sbox_desktop_exec_append_quoted (out, arg);
  return g_string_free (out, FALSE);
}

static void
test_quoting (void)
{
  static const struct
  {
    const char *arg;
    const char *exec;
  } cases[] = {
    { "firefox", "firefox" }, { "--name=x,y@z+1:/a", "--name=x,y@z+1:/a" },
    { "%U", "%U" },           { "", "\"\"" },
    { "a b", "\"a b\"" },     { "a\"b", "\"a\\\"b\"" },
    { "a`b", "\"a\\`b\"" },   { "a$b", "\"a\\$b\"" },
    { "a\\b", "\"a\\\\b\"" }, { "a'b", "\"a'b\"" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = quoted (cases[i].arg);
      g_assert_cmpstr (got, ==, cases[i].exec);
    }
  /* Every reserved character forces the quotes. */
  for (const char *c = " \t\n\"'\\><~|&;$*?#()`"; *c; c++)
    {
      char arg[] = { 'a', *c, 'b', '\0' };
      g_autofree char *got = quoted (arg);
      g_test_message ("reserved 0x%02x", *c);
      g_assert_cmpint (got[0], ==, '"');
      g_assert_cmpint (got[strlen (got) - 1], ==, '"');
    }
  /* Arguments are joined by one space. */
  g_autoptr (GString) out = g_string_new (NULL);
  sbox_desktop_exec_append_quoted (out, "app");
  sbox_desktop_exec_append_quoted (out, "a b");
  sbox_desktop_exec_append_quoted (out, "%f");
  g_assert_cmpstr (out->str, ==, "app \"a b\" %f");
}

static void
test_literal (void)
{
  /* sbox's own words: a % in them must not become a field code. */
  g_autoptr (GString) out = g_string_new (NULL);
  sbox_desktop_exec_append_literal (out, "/opt/100%/sbox");
  sbox_desktop_exec_append_literal (out, "--profile=my %u dir");
  g_assert_cmpstr (out->str, ==, "/opt/100%%/sbox \"--profile=my %%u dir\"");
}

static void
test_round_trip (void)
{
  /* Split, quote back, split again: the same arguments, field codes
   * included. */
  static const char *const execs[] = {
    "firefox %u",
    "\"/opt/My App/app\" --title=\"a \\\"b\\\" \\$c\" %F",
    "sh -c 'exec app \"$@\"' sh %U",
    "app a\\ b ~/x 'semi;colon' \"back\\\\slash\" \"\" %%",
    "env GTK_THEME=Adwaita:dark gimp-2.10 %U",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (execs); i++)
    {
      g_autoptr (GPtrArray) argv = sbox_desktop_exec_split (execs[i], NULL);
      g_assert_nonnull (argv);
      g_autoptr (GString) out = g_string_new (NULL);
      for (guint a = 0; a < argv->len; a++)
        sbox_desktop_exec_append_quoted (out, g_ptr_array_index (argv, a));
      g_test_message ("%s -> %s", execs[i], out->str);
      g_autofree char *first = split (execs[i]);
      g_autofree char *again = split (out->str);
      g_assert_cmpstr (again, ==, first);
    }
}

static GPtrArray *
words (const char *first, ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  va_start (args, first);
  for (const char *w = first; w; w = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (w));
  va_end (args);
  return argv;
}

static void
test_program (void)
{
  static const struct
  {
    guint start;
    const char *program;
  } cases[] = { { 0, "firefox" }, { 0, "gimp" }, { 0, "app" },
                { 0, NULL },      { 3, "app" },  { 4, NULL } };
  g_autoptr (GPtrArray) a = words ("/usr/bin/firefox", "%u", NULL);
  g_autoptr (GPtrArray) b = words ("env", "GTK_THEME=x", "gimp", "%U", NULL);
  g_autoptr (GPtrArray) c = words ("/usr/bin/env", "-i", "A=1", "/opt/app", NULL);
  g_autoptr (GPtrArray) d = words ("env", "A=1", "-i", NULL);
  g_autoptr (GPtrArray) e = words ("/usr/bin/sbox", "--profile=x", "--", "/usr/bin/app", NULL);
  GPtrArray *argvs[] = { a, b, c, d, e, e };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *program = sbox_desktop_exec_program (argvs[i], cases[i].start);
      g_assert_cmpstr (program, ==, cases[i].program);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desktop-exec/split", test_split);
  g_test_add_func ("/desktop-exec/split-errors", test_split_errors);
  g_test_add_func ("/desktop-exec/quoting", test_quoting);
  g_test_add_func ("/desktop-exec/literal", test_literal);
  g_test_add_func ("/desktop-exec/round-trip", test_round_trip);
  g_test_add_func ("/desktop-exec/program", test_program);
  return g_test_run ();
}
