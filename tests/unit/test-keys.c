/* Unit tests for profile-keys.c: the key table is whole, the loader accepts
 * exactly its keys, the getters refuse a key of the wrong kind, and what
 * documents or completes the keys (man/sbox.profile.5,
 * doc/profile-language.md, completions/, cli.c's rows) agrees with it. Each
 * document checker is first shown to find a planted disagreement. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "profile.h"

#ifndef SBOX_TOP_SRCDIR
#error "SBOX_TOP_SRCDIR must name the source tree"
#endif

static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (SBOX_TOP_SRCDIR, relative, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static const char *
section_of (const SboxKeySpec *spec)
{
  return sbox_profile_keys_sections[spec->section].name;
}

/* ---- the table itself ---- */

static void
test_every_enum_has_its_row (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    {
      const SboxKeySpec *spec = sbox_profile_keys_get (k);
      /* A row left out in the middle is all zeroes: no name. */
      g_assert_nonnull (spec->name);
      g_assert_cmpint (spec->id, ==, k);
      g_assert_cmpint (spec->section, <, SBOX_SECTION_COUNT);
      g_assert_cmpint (sbox_profile_keys_sections[spec->section].kind, ==, SBOX_SECTION_KIND_KEYS);
      /* Something decides what the key takes. */
      g_assert_true (spec->values != NULL || spec->check != NULL);
      if (spec->values)
        g_assert_nonnull (spec->values[0]);
      g_assert_true (spec->merge == SBOX_KEY_MERGE_ENTRY || spec->kind == SBOX_KEY_KIND_LIST);
      g_autofree char *both = g_strdup_printf ("%s/%s", section_of (spec), spec->name);
      g_assert_false (g_hash_table_contains (seen, both));
      g_hash_table_add (seen, g_steal_pointer (&both));
      g_assert_true (sbox_profile_keys_find (section_of (spec), spec->name) == spec);
    }
  for (guint s = 0; s < SBOX_SECTION_COUNT; s++)
    {
      g_assert_cmpint (sbox_profile_keys_sections[s].id, ==, s);
      g_assert_true (sbox_profile_keys_find_section (sbox_profile_keys_sections[s].name)
                     == &sbox_profile_keys_sections[s]);
    }
  g_assert_null (sbox_profile_keys_find ("Sandbox", "home"));
  g_assert_null (sbox_profile_keys_find ("Context", "Home"));
  g_assert_null (sbox_profile_keys_find_section ("sandbox"));
}

/* ---- the loader ---- */

/* A value each key accepts. A switch without default: a key added to the
 * enum without a sample here is a -Wswitch error. */
static const char *
sample_value (SboxProfileKey key)
{
  switch (key)
    {
    case SBOX_KEY_PROFILE_DESCRIPTION:
      return "A test";
    case SBOX_KEY_PROFILE_INCLUDE:
      return "sample";
    case SBOX_KEY_PROFILE_COMMAND:
      return "true";
    case SBOX_KEY_PROFILE_APP_ID:
      return "org.example.Sample";
    case SBOX_KEY_CONTEXT_FILESYSTEMS:
      return "~/sample:ro";
    case SBOX_KEY_CONTEXT_PERSISTENT:
      return ".sample";
    case SBOX_KEY_CONTEXT_CACHES:
      return "~/.sample";
    case SBOX_KEY_SANDBOX_SECCOMP_ALLOW:
      return "ptrace";
    case SBOX_KEY_SANDBOX_SECCOMP_DENY:
      return "ptrace:EPERM";
    case SBOX_KEY_SANDBOX_RLIMITS:
      return "nofile=64";
    case SBOX_KEY_SANDBOX_TIMEOUT:
      return "5";
    case SBOX_KEY_SANDBOX_HOSTNAME:
      return "sample";
    case SBOX_KEY_SANDBOX_KEEP_ENVIRONMENT:
      return "SAMPLE_*";
    case SBOX_KEY_SANDBOX_MOUNTS:
      return "tmpfs:/sample";
    case SBOX_KEY_SANDBOX_PROTECT:
      return "vcs:/sample";
    case SBOX_KEY_SANDBOX_PUBLISH:
      return "8080:80";
    case SBOX_KEY_SANDBOX_ALLOW_HOSTS:
      return "*.example.org:443";
    case SBOX_KEY_CONTEXT_SHARED:
    case SBOX_KEY_CONTEXT_SOCKETS:
    case SBOX_KEY_CONTEXT_DEVICES:
    case SBOX_KEY_CONTEXT_FEATURES:
    case SBOX_KEY_SANDBOX_HOME:
    case SBOX_KEY_SANDBOX_FILE_ARGUMENTS:
    case SBOX_KEY_SANDBOX_SECCOMP:
    case SBOX_KEY_SANDBOX_LANDLOCK:
    case SBOX_KEY_SANDBOX_FALLBACK:
    case SBOX_KEY_SANDBOX_NEW_SESSION:
    case SBOX_KEY_SANDBOX_DIE_WITH_PARENT:
    case SBOX_KEY_SANDBOX_NETWORK:
      return sbox_profile_keys_get (key)->values[1] ? sbox_profile_keys_get (key)->values[1]
                                                    : sbox_profile_keys_get (key)->values[0];
    case SBOX_KEY_COUNT:
      break;
    }
  g_assert_not_reached ();
}

typedef struct
{
  char *dir;
  char **envp;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("sbox-keys-XXXXXX", NULL);
  f->envp = g_environ_setenv (NULL, "SBOX_PROFILE_PATH", f->dir, TRUE);
  f->envp = g_environ_setenv (f->envp, "HOME", "/nonexistent-home", TRUE);
  f->envp = g_environ_setenv (f->envp, "XDG_CONFIG_HOME", "/nonexistent-config", TRUE);
  g_autofree char *include = g_build_filename (f->dir, "include", NULL);
  g_assert_cmpint (g_mkdir (include, 0700), ==, 0);
  g_autofree char *sample = g_build_filename (include, "sample.inc", NULL);
  g_assert_true (g_file_set_contents (sample, "[Context]\n", -1, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_strfreev (f->envp);
}

static SboxProfile *
load_text (Fixture *f, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "sample.profile", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return sbox_profile_load (path, (const char *const *) f->envp, error);
}

/* Every key of the table loads and reads back by its enum (the control);
 * a key the table does not have is refused, in every section, and so is a
 * table key put in the wrong section or spelt in the wrong case. */
static void
test_loader_takes_exactly_the_table (Fixture *f, gconstpointer data)
{
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    {
      const SboxKeySpec *spec = sbox_profile_keys_get (k);
      g_autofree char *text = g_strdup_printf ("[%s]\n%s=%s\n", section_of (spec), spec->name,
                                               sample_value (k));
      g_autoptr (GError) error = NULL;
      g_autoptr (SboxProfile) p = load_text (f, text, &error);
      g_assert_no_error (error);
      if (k == SBOX_KEY_PROFILE_INCLUDE)
        g_assert_cmpuint (p->files->len, ==, 2); /* the include was read */
      else if (spec->kind == SBOX_KEY_KIND_LIST)
        {
          GPtrArray *list = sbox_profile_get_list (p, k);
          g_assert_cmpuint (list->len, ==, 1);
          g_assert_cmpstr (((SboxSetting *) g_ptr_array_index (list, 0))->value, ==,
                           sample_value (k));
        }
      else
        g_assert_cmpstr (sbox_profile_get (p, k), ==, sample_value (k));
    }

  for (guint s = 0; s < SBOX_SECTION_COUNT; s++)
    {
      if (sbox_profile_keys_sections[s].kind != SBOX_SECTION_KIND_KEYS)
        continue;
      g_autofree char *text = g_strdup_printf ("[%s]\nNotAKey=1\n",
                                               sbox_profile_keys_sections[s].name);
      g_autoptr (GError) error = NULL;
      g_autoptr (SboxProfile) p = load_text (f, text, &error);
      g_assert_null (p);
      g_autofree char *needle = g_strdup_printf (":2: [%s] NotAKey: unknown key",
                                                 sbox_profile_keys_sections[s].name);
      g_assert_nonnull (strstr (error->message, needle));
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) wrong_section = load_text (f, "[Context]\nHome=tmpfs\n", &error);
  g_assert_null (wrong_section);
  g_assert_nonnull (strstr (error->message, ":2: [Context] Home: unknown key"));
  g_clear_error (&error);
  g_autoptr (SboxProfile) wrong_case = load_text (f, "[Sandbox]\nhome=tmpfs\n", &error);
  g_assert_null (wrong_case);
  g_assert_nonnull (
      strstr (error->message, ":2: [Sandbox] home: unknown key (did you mean Home?)"));
  g_clear_error (&error);

  /* The command line's layer goes through the same table. */
  g_autoptr (SboxProfile) p = sbox_profile_new ("x");
  g_assert_true (sbox_profile_apply (p, "Sandbox", "Home", "tmpfs", "command line", &error));
  g_assert_false (sbox_profile_apply (p, "Sandbox", "Homes", "tmpfs", "command line", &error));
  g_assert_cmpstr (error->message, ==, "command line: [Sandbox] Homes: unknown key");
}

/* Reading a list key as a value, or a value key as a list, is sbox's own
 * bug: it aborts instead of reading nothing. */
static void
test_getters_refuse_the_wrong_kind (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (SboxProfile) p = sbox_profile_new ("x");
      if (g_strcmp0 (g_getenv ("SBOX_KEYS_CASE"), "list") == 0)
        sbox_profile_get_list (p, SBOX_KEY_SANDBOX_HOME);
      else
        sbox_profile_get (p, SBOX_KEY_CONTEXT_SOCKETS);
      return;
    }
  g_setenv ("SBOX_KEYS_CASE", "list", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*[Sandbox] Home is a single value, not a list*");
  g_setenv ("SBOX_KEYS_CASE", "scalar", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*[Context] sockets is a list, not a single value*");
  /* The control: the right kinds read nothing set, without a failure. */
  g_autoptr (SboxProfile) p = sbox_profile_new ("x");
  g_assert_cmpuint (sbox_profile_get_list (p, SBOX_KEY_CONTEXT_SOCKETS)->len, ==, 0);
  g_assert_null (sbox_profile_get (p, SBOX_KEY_SANDBOX_HOME));
}

/* ---- what the documents say ---- */

typedef struct
{
  char *section;
  char *name;
  gboolean list; /* documented as NAME=X;... */
  GString *text; /* the entry's text, for its values */
} DocKey;

static void
doc_key_free (gpointer data)
{
  DocKey *d = data;
  g_free (d->section);
  g_free (d->name);
  g_string_free (d->text, TRUE);
  g_free (d);
}

/* Roff without its font and dash escapes. */
static char *
plain_roff (const char *line)
{
  g_autoptr (GRegex) fonts = g_regex_new ("\\\\f[BIRP]|\\\\&|\\\\c|\"", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal (fonts, line, -1, 0, "", 0, NULL);
  g_autoptr (GRegex) dash = g_regex_new ("\\\\-", 0, 0, NULL);
  g_autofree char *b = g_regex_replace_literal (dash, a, -1, 0, "-", 0, NULL);
  g_autoptr (GRegex) tilde = g_regex_new ("\\\\\\(ti", 0, 0, NULL);
  return g_regex_replace_literal (tilde, b, -1, 0, "~", 0, NULL);
}

/* The [Section] names in a heading ("[A] and [B]" names two). */
static GStrv
bracketed (const char *heading)
{
  g_autoptr (GRegex) re = g_regex_new ("\\[([^]]+)\\]", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  GPtrArray *names = g_ptr_array_new ();
  for (g_regex_match (re, heading, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    g_ptr_array_add (names, g_match_info_fetch (match, 1));
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

/* The man page: ".SH "[Section]"" opens a section's keys, and each key is
 * a ".TP" or ".TQ" followed by ".BI Name= ARG". */
static GPtrArray *
man_keys (const char *text, GHashTable *sections)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (doc_key_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) current = NULL;
  DocKey *entry = NULL;
  const char *previous = "";
  for (char **line = lines; *line; line++)
    {
      if (g_str_has_prefix (*line, ".SH"))
        {
          g_strfreev (current);
          current = bracketed (*line);
          for (char **s = current; *s; s++)
            g_hash_table_add (sections, g_strdup (*s));
          entry = NULL;
        }
      else if (current && g_strv_length (current) == 1 && g_str_has_prefix (*line, ".BI ")
               && (g_str_equal (previous, ".TP") || g_str_equal (previous, ".TQ")))
        {
          g_autofree char *plain = plain_roff (*line + 4);
          const char *eq = strchr (plain, '=');
          const char *space = strchr (plain, ' ');
          if (eq && (space == NULL || eq < space))
            {
              entry = g_new0 (DocKey, 1);
              entry->section = g_strdup (current[0]);
              entry->name = g_strndup (plain, (gsize) (eq - plain));
              entry->list = strstr (plain, ";...") != NULL;
              entry->text = g_string_new (NULL);
              g_ptr_array_add (keys, entry);
            }
        }
      if (entry && !g_str_has_prefix (*line, ".\\\""))
        {
          g_autofree char *plain = plain_roff (*line);
          g_string_append_printf (entry->text, "%s\n", plain);
        }
      if (!g_str_has_prefix (*line, ".\\\""))
        previous = *line;
    }
  return keys;
}

/* doc/profile-language.md: "## [Section]" headings, and table rows whose
 * first cell names the keys, `Name=`. */
static GPtrArray *
markdown_keys (const char *text, GHashTable *sections)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (doc_key_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) current = NULL;
  g_autoptr (GRegex) key_re = g_regex_new ("`([A-Za-z]+)=`", 0, 0, NULL);
  for (char **line = lines; *line; line++)
    {
      if (g_str_has_prefix (*line, "## "))
        {
          g_strfreev (current);
          current = bracketed (*line);
          for (char **s = current; *s; s++)
            g_hash_table_add (sections, g_strdup (*s));
          continue;
        }
      if (!current || g_strv_length (current) != 1 || !g_str_has_prefix (*line, "| `"))
        continue;
      g_auto (GStrv) cells = g_strsplit (*line, "|", 3);
      g_autoptr (GMatchInfo) match = NULL;
      for (g_regex_match (key_re, cells[1], 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        {
          DocKey *entry = g_new0 (DocKey, 1);
          entry->section = g_strdup (current[0]);
          entry->name = g_match_info_fetch (match, 1);
          entry->text = g_string_new (cells[2]);
          g_ptr_array_add (keys, entry);
        }
    }
  return keys;
}

static gboolean
mentions_word (const char *text, const char *word, gboolean backticked)
{
  g_autofree char *escaped = g_regex_escape_string (word, -1);
  g_autofree char *pattern = backticked ? g_strdup_printf ("`%s`", escaped)
                                        : g_strdup_printf ("(^|[^A-Za-z0-9_-])%s([^A-Za-z0-9_-]|$)",
                                                           escaped);
  return g_regex_match_simple (pattern, text, 0, 0);
}

/* What the document and the table disagree on, one line each. */
static GPtrArray *
compare_doc (const char *what, GPtrArray *keys, GHashTable *sections, gboolean check_kind,
             gboolean backticked)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_test_message ("%s: %u keys, %u sections documented", what, keys->len,
                  g_hash_table_size (sections));
  for (guint s = 0; s < SBOX_SECTION_COUNT; s++)
    if (!g_hash_table_contains (sections, sbox_profile_keys_sections[s].name))
      g_ptr_array_add (problems, g_strdup_printf ("%s: section [%s] not documented", what,
                                                  sbox_profile_keys_sections[s].name));
  GHashTableIter iter;
  gpointer name;
  g_hash_table_iter_init (&iter, sections);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (sbox_profile_keys_find_section (name) == NULL)
      g_ptr_array_add (problems, g_strdup_printf ("%s: documents section [%s], which the table "
                                                  "does not have",
                                                  what, (char *) name));
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    {
      const SboxKeySpec *spec = sbox_profile_keys_get (k);
      const DocKey *doc = NULL;
      for (guint i = 0; i < keys->len && !doc; i++)
        {
          const DocKey *d = g_ptr_array_index (keys, i);
          if (g_str_equal (d->section, section_of (spec)) && g_str_equal (d->name, spec->name))
            doc = d;
        }
      if (doc == NULL)
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: [%s] %s not documented", what,
                                                      section_of (spec), spec->name));
          continue;
        }
      if (check_kind && doc->list != (spec->kind == SBOX_KEY_KIND_LIST))
        g_ptr_array_add (problems,
                         g_strdup_printf ("%s: [%s] %s documented as %s", what, section_of (spec),
                                          spec->name, doc->list ? "a list" : "a single value"));
      for (const char *const *v = spec->values; v && *v; v++)
        if (!mentions_word (doc->text->str, *v, backticked))
          g_ptr_array_add (problems, g_strdup_printf ("%s: [%s] %s: value %s not documented", what,
                                                      section_of (spec), spec->name, *v));
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const DocKey *d = g_ptr_array_index (keys, i);
      if (sbox_profile_keys_find (d->section, d->name) == NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: documents [%s] %s, which the table does "
                                                    "not have",
                                                    what, d->section, d->name));
    }
  return problems;
}

static GPtrArray *
man_problems (const char *text)
{
  g_autoptr (GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) keys = man_keys (text, sections);
  return compare_doc ("sbox.profile.5", keys, sections, TRUE, FALSE);
}

static GPtrArray *
markdown_problems (const char *text)
{
  g_autoptr (GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) keys = markdown_keys (text, sections);
  return compare_doc ("profile-language.md", keys, sections, FALSE, TRUE);
}

static void
assert_no_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static gboolean
has_problem (GPtrArray *problems, const char *needle)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (g_ptr_array_index (problems, i), needle))
      return TRUE;
  return FALSE;
}

static char *
replace_once (const char *text, const char *old, const char *new)
{
  const char *at = strstr (text, old);
  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

static void
test_man_page_matches_table (void)
{
  g_autofree char *man = read_source ("man/sbox.profile.5");
  /* The control: a renamed key, a list shown as a value, a value dropped
   * and a section renamed are each found. */
  g_autofree char *a = replace_once (man, ".BI Home= MODE", ".BI Homes= MODE");
  g_autofree char *b = replace_once (a, ".BI Mounts= OPERATION ;...", ".BI Mounts= OPERATION");
  g_autofree char *c = replace_once (b, ".B gpg\\-agent\n", ".B gpg\n");
  g_autofree char *d = replace_once (c, ".SH \"[Environment]\"", ".SH \"[Environ]\"");
  g_autoptr (GPtrArray) planted = man_problems (d);
  g_assert_true (has_problem (planted, "[Sandbox] Home not documented"));
  g_assert_true (has_problem (planted, "documents [Sandbox] Homes, which the table does not have"));
  g_assert_true (has_problem (planted, "[Sandbox] Mounts documented as a single value"));
  g_assert_true (has_problem (planted, "[Context] sockets: value gpg-agent not documented"));
  g_assert_true (has_problem (planted, "section [Environment] not documented"));
  g_assert_true (has_problem (planted, "documents section [Environ]"));
  g_assert_cmpuint (planted->len, ==, 6);

  g_autoptr (GPtrArray) problems = man_problems (man);
  assert_no_problems (problems);
}

static void
test_language_doc_matches_table (void)
{
  g_autofree char *md = read_source ("doc/profile-language.md");
  g_autofree char *a = replace_once (md, "| `Hostname=` |", "| `HostName=` |");
  g_autofree char *b = replace_once (a, "`multiarch`", "multiarch");
  g_autoptr (GPtrArray) planted = markdown_problems (b);
  g_assert_true (has_problem (planted, "[Sandbox] Hostname not documented"));
  g_assert_true (has_problem (planted, "documents [Sandbox] HostName"));
  g_assert_true (has_problem (planted, "[Context] features: value multiarch not documented"));
  g_assert_cmpuint (planted->len, ==, 3);

  g_autoptr (GPtrArray) problems = markdown_problems (md);
  assert_no_problems (problems);
}

/* ---- the command line's rows and the completions ---- */

typedef struct
{
  const char *option;
  SboxProfileKey key;
  const char *argument; /* NULL: the option takes none */
  const char *value;    /* what lands in the layer */
} LayerOption;

/* Every option of cli.c that sets a profile key. */
static const LayerOption layer_options[] = {
  { "--home", SBOX_KEY_SANDBOX_HOME, "tmpfs", "tmpfs" },
  { "--file-arguments", SBOX_KEY_SANDBOX_FILE_ARGUMENTS, "ro", "ro" },
  { "--filesystem", SBOX_KEY_CONTEXT_FILESYSTEMS, "~/x", "~/x" },
  { "--nofilesystem", SBOX_KEY_CONTEXT_FILESYSTEMS, "~/x", "!~/x" },
  { "--persist", SBOX_KEY_CONTEXT_PERSISTENT, ".x", ".x" },
  { "--share", SBOX_KEY_CONTEXT_SHARED, "ipc", "ipc" },
  { "--unshare", SBOX_KEY_CONTEXT_SHARED, "ipc", "!ipc" },
  { "--socket", SBOX_KEY_CONTEXT_SOCKETS, "wayland", "wayland" },
  { "--nosocket", SBOX_KEY_CONTEXT_SOCKETS, "wayland", "!wayland" },
  { "--device", SBOX_KEY_CONTEXT_DEVICES, "kvm", "kvm" },
  { "--nodevice", SBOX_KEY_CONTEXT_DEVICES, "kvm", "!kvm" },
  { "--feature", SBOX_KEY_CONTEXT_FEATURES, "devel", "devel" },
  { "--nofeature", SBOX_KEY_CONTEXT_FEATURES, "devel", "!devel" },
  { "--seccomp", SBOX_KEY_SANDBOX_SECCOMP, "strict", "strict" },
  { "--seccomp-allow", SBOX_KEY_SANDBOX_SECCOMP_ALLOW, "ptrace", "ptrace" },
  { "--seccomp-deny", SBOX_KEY_SANDBOX_SECCOMP_DENY, "ptrace", "ptrace" },
  { "--landlock", SBOX_KEY_SANDBOX_LANDLOCK, "required", "required" },
  { "--new-session", SBOX_KEY_SANDBOX_NEW_SESSION, NULL, "true" },
  { "--no-new-session", SBOX_KEY_SANDBOX_NEW_SESSION, NULL, "false" },
  { "--cache", SBOX_KEY_CONTEXT_CACHES, "~/.x", "~/.x" },
  { "--keep-env", SBOX_KEY_SANDBOX_KEEP_ENVIRONMENT, "X_*", "X_*" },
  { "--timeout", SBOX_KEY_SANDBOX_TIMEOUT, "5", "5" },
  { "--hostname", SBOX_KEY_SANDBOX_HOSTNAME, "box", "box" },
  { "--fallback", SBOX_KEY_SANDBOX_FALLBACK, "confine", "confine" },
  { "--rlimit", SBOX_KEY_SANDBOX_RLIMITS, "nofile=64", "nofile=64" },
  { "--die-with-parent", SBOX_KEY_SANDBOX_DIE_WITH_PARENT, NULL, "true" },
  { "--no-die-with-parent", SBOX_KEY_SANDBOX_DIE_WITH_PARENT, NULL, "false" },
  { "--network", SBOX_KEY_SANDBOX_NETWORK, "isolated", "isolated" },
  { "--publish", SBOX_KEY_SANDBOX_PUBLISH, "8080:80", "8080:80" },
  { "--allow-host", SBOX_KEY_SANDBOX_ALLOW_HOSTS, "crates.io", "crates.io" },
};

/* cli.c's rows name their keys by string, on the way to the loader: each
 * names a key of the table, and the loader takes what it sets. */
static void
test_cli_rows_name_table_keys (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (layer_options); i++)
    {
      const LayerOption *o = &layer_options[i];
      g_autofree char *arg = o->argument ? g_strdup_printf ("%s=%s", o->option, o->argument)
                                         : g_strdup (o->option);
      g_auto (SboxCli) cli = { 0 };
      g_autoptr (GError) error = NULL;
      g_assert_true (
          sbox_cli_parse (3, (char *const[]){ "sbox", arg, "true", NULL }, &cli, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cli.request.layer->len, ==, 3);
      const char *section = g_ptr_array_index (cli.request.layer, 0);
      const char *key = g_ptr_array_index (cli.request.layer, 1);
      const char *value = g_ptr_array_index (cli.request.layer, 2);
      g_test_message ("%s -> [%s] %s=%s", arg, section, key, value);
      g_assert_true (sbox_profile_keys_find (section, key) == sbox_profile_keys_get (o->key));
      g_assert_cmpstr (value, ==, o->value);
      g_autoptr (SboxProfile) p = sbox_profile_new ("x");
      g_assert_true (sbox_profile_apply (p, section, key, value, "command line", &error));
      g_assert_no_error (error);
    }
}

/* Every option of --help that lands in a keyed section is in
 * layer_options (so the test above covers it), and a help line that names
 * its key, "(as NAME=)", names the right one. */
static void
test_cli_layer_options_listed (void)
{
  g_autofree char *help = sbox_cli_help ();
  g_auto (GStrv) lines = g_strsplit (help, "\n", -1);
  guint layered = 0;
  for (char **line = lines; *line; line++)
    {
      const char *start = *line + strspn (*line, " ");
      if (!g_str_has_prefix (start, "--"))
        continue;
      g_autofree char *option = g_strndup (start, strcspn (start, " ["));
      const LayerOption *listed = NULL;
      for (gsize i = 0; i < G_N_ELEMENTS (layer_options); i++)
        if (g_str_equal (layer_options[i].option, option))
          listed = &layer_options[i];
      if (listed)
        {
          const char *as = strstr (*line, "(as ");
          if (as)
            {
              g_autofree char *named = g_strdup_printf ("(as %s=)",
                                                        sbox_profile_keys_get (listed->key)->name);
              g_assert_true (g_str_has_prefix (as, named));
            }
        }
      g_autofree char *with_value = g_strdup_printf ("%s=x", option);
      const char *forms[] = { option, with_value };
      for (gsize f = 0; f < G_N_ELEMENTS (forms); f++)
        {
          g_auto (SboxCli) cli = { 0 };
          g_autoptr (GError) error = NULL;
          if (!sbox_cli_parse (3, (char *const[]){ "sbox", (char *) forms[f], "true", NULL }, &cli,
                               &error)
              || cli.request.layer == NULL || cli.request.layer->len == 0)
            continue;
          const SboxSectionSpec *section = sbox_profile_keys_find_section (
              g_ptr_array_index (cli.request.layer, 0));
          g_assert_nonnull (section);
          if (section->kind != SBOX_SECTION_KIND_KEYS)
            continue;
          if (listed == NULL)
            g_error ("%s sets [%s] %s: add it to layer_options", option, section->name,
                     (char *) g_ptr_array_index (cli.request.layer, 1));
          layered++;
          break;
        }
    }
  g_assert_cmpuint (layered, ==, G_N_ELEMENTS (layer_options));
}

/* option → the words a completion file offers for it. */
static GHashTable *
bash_candidates (const char *text)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GRegex) pattern = g_regex_new ("^\\s*(--[-a-z|]+)\\)(.*)$", 0, 0, NULL);
  g_autoptr (GRegex) words = g_regex_new ("candidates=\"([^\"$]*)\"", 0, 0, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint n = 0; lines[n]; n++)
    {
      g_autoptr (GMatchInfo) m = NULL;
      if (!g_regex_match (pattern, lines[n], 0, &m))
        continue;
      g_autofree char *options = g_match_info_fetch (m, 1);
      g_autofree char *rest = g_match_info_fetch (m, 2);
      g_autoptr (GMatchInfo) w = NULL;
      gboolean found = g_regex_match (words, rest, 0, &w);
      if (!found && lines[n + 1])
        {
          /* A failed match still fills w: free it before the next try. */
          g_clear_pointer (&w, g_match_info_free);
          found = g_regex_match (words, lines[n + 1], 0, &w);
        }
      if (!found)
        continue;
      g_autofree char *list = g_match_info_fetch (w, 1);
      g_auto (GStrv) each = g_strsplit (options, "|", -1);
      for (char **o = each; *o; o++)
        g_hash_table_insert (out, g_strdup (*o), g_strdup (list));
    }
  return out;
}

static GHashTable *
zsh_candidates (const char *text)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GRegex) re = g_regex_new ("'(--[-a-z]+)=\\[[^]]*\\]:[^:]*:\\(([^)$]*)\\)'", 0, 0,
                                       NULL);
  g_autoptr (GMatchInfo) m = NULL;
  for (g_regex_match (re, text, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    g_hash_table_insert (out, g_match_info_fetch (m, 1), g_match_info_fetch (m, 2));
  return out;
}

static GHashTable *
fish_candidates (const char *text)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GRegex) re = g_regex_new ("complete -c sbox -l ([-a-z]+) -x -a '([^'(][^']*)'", 0, 0,
                                       NULL);
  g_autoptr (GMatchInfo) m = NULL;
  for (g_regex_match (re, text, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *name = g_match_info_fetch (m, 1);
      g_hash_table_insert (out, g_strconcat ("--", name, NULL), g_match_info_fetch (m, 2));
    }
  return out;
}

/* Where a completion file's value words for an option that sets a key with
 * named values differ from those values; and keys none of whose options it
 * completes. */
static GPtrArray *
completion_problems (const char *what, GHashTable *offered)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  gboolean completed[SBOX_KEY_COUNT] = { FALSE };
  gboolean completable[SBOX_KEY_COUNT] = { FALSE };
  for (gsize i = 0; i < G_N_ELEMENTS (layer_options); i++)
    {
      const LayerOption *o = &layer_options[i];
      const SboxKeySpec *spec = sbox_profile_keys_get (o->key);
      if (o->argument == NULL || spec->values == NULL)
        continue;
      completable[o->key] = TRUE;
      const char *words = g_hash_table_lookup (offered, o->option);
      if (words == NULL)
        continue;
      completed[o->key] = TRUE;
      g_auto (GStrv) split = g_strsplit_set (words, " \t", -1);
      g_autoptr (GPtrArray) list = g_ptr_array_new ();
      for (char **w = split; *w; w++)
        if (**w)
          g_ptr_array_add (list, *w);
      g_ptr_array_add (list, NULL);
      gboolean same = list->len - 1 == g_strv_length ((char **) spec->values);
      for (const char *const *v = spec->values; same && *v; v++)
        same = g_strv_contains ((const char *const *) list->pdata, *v);
      if (!same)
        {
          g_autofree char *expected = g_strjoinv (" ", (char **) spec->values);
          g_ptr_array_add (problems, g_strdup_printf ("%s: %s offers '%s', [%s] %s takes '%s'",
                                                      what, o->option, words, section_of (spec),
                                                      spec->name, expected));
        }
    }
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    if (completable[k] && !completed[k])
      g_ptr_array_add (problems, g_strdup_printf ("%s: no option of [%s] %s is completed", what,
                                                  section_of (sbox_profile_keys_get (k)),
                                                  sbox_profile_keys_get (k)->name));
  return problems;
}

static void
test_completions_match_table (void)
{
  g_autofree char *bash = read_source ("completions/sbox");
  g_autofree char *zsh = read_source ("completions/_sbox");
  g_autofree char *fish = read_source ("completions/sbox.fish");

  /* The control: a value dropped, one added, an option no longer completed. */
  g_autofree char *bash_planted = replace_once (bash, " gpg-agent\"", "\"");
  g_autofree char *zsh_planted = replace_once (zsh, "(dri kvm input shm all)",
                                               "(dri kvm input shm all tty)");
  g_autofree char *fish_planted = replace_once (fish, "complete -c sbox -l landlock",
                                                "complete -c sbox -l landlocked");
  g_autoptr (GHashTable) b1 = bash_candidates (bash_planted);
  g_autoptr (GHashTable) z1 = zsh_candidates (zsh_planted);
  g_autoptr (GHashTable) f1 = fish_candidates (fish_planted);
  g_autoptr (GPtrArray) p1 = completion_problems ("bash", b1);
  g_autoptr (GPtrArray) p2 = completion_problems ("zsh", z1);
  g_autoptr (GPtrArray) p3 = completion_problems ("fish", f1);
  g_assert_cmpuint (p1->len, ==, 2); /* --socket and --nosocket */
  g_assert_true (has_problem (p1, "bash: --socket offers"));
  g_assert_cmpuint (p2->len, ==, 1);
  g_assert_true (has_problem (p2, "zsh: --device offers 'dri kvm input shm all tty'"));
  g_assert_cmpuint (p3->len, ==, 1);
  g_assert_true (has_problem (p3, "fish: no option of [Sandbox] Landlock is completed"));

  g_autoptr (GHashTable) b = bash_candidates (bash);
  g_autoptr (GHashTable) z = zsh_candidates (zsh);
  g_autoptr (GHashTable) f = fish_candidates (fish);
  g_autoptr (GPtrArray) problems = completion_problems ("bash", b);
  g_autoptr (GPtrArray) zp = completion_problems ("zsh", z);
  g_autoptr (GPtrArray) fp = completion_problems ("fish", f);
  g_ptr_array_extend_and_steal (problems, g_steal_pointer (&zp));
  g_ptr_array_extend_and_steal (problems, g_steal_pointer (&fp));
  assert_no_problems (problems);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/every-enum-has-its-row", test_every_enum_has_its_row);
  g_test_add ("/keys/loader-takes-exactly-the-table", Fixture, NULL, fixture_set_up,
              test_loader_takes_exactly_the_table, fixture_tear_down);
  g_test_add_func ("/keys/getters-refuse-the-wrong-kind", test_getters_refuse_the_wrong_kind);
  g_test_add_func ("/keys/man-page-matches-table", test_man_page_matches_table);
  g_test_add_func ("/keys/language-doc-matches-table", test_language_doc_matches_table);
  g_test_add_func ("/keys/cli-rows-name-table-keys", test_cli_rows_name_table_keys);
  g_test_add_func ("/keys/cli-layer-options-listed", test_cli_layer_options_listed);
  g_test_add_func ("/keys/completions-match-table", test_completions_match_table);
  return g_test_run ();
}
