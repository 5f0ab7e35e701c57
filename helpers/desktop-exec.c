/* desktop-exec.c — Exec= values of .desktop files, by the Desktop Entry
 * Specification: split into arguments and quoted back. The value handed in
 * and out here is the string GKeyFile gives (its own \\ \s \n escapes
 * already undone), so the two layers of escaping never mix. */
#include "config.h"

#include <string.h>

#include "desktop-exec.h"

/* Characters that force an argument into double quotes. */
static const char exec_reserved[] = " \t\n\"'\\><~|&;$*?#()`";

/* Splits EXEC into its arguments.  Field codes (%f, %U, %%, ...) stay as
 * written: launchers expand them after unquoting, so keeping the unquoted
 * text byte for byte and quoting it again preserves them.  Beyond the
 * specification this accepts what launchers accept in practice (GLib parses
 * Exec= as a shell word list): single quotes and backslash escapes outside
 * quotes. */
GPtrArray *
sbox_desktop_exec_split (const char *exec, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *p = exec;

  for (;;)
    {
      g_autoptr (GString) arg = NULL;

      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      if (*p == '\0')
        break;
      arg = g_string_new (NULL);
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
        {
          if (*p == '"')
            {
              for (p++; *p != '\0' && *p != '"'; p++)
                {
                  /* Only these four are escapes inside quotes; any other
                   * backslash is literal. */
                  if (*p == '\\' && p[1] != '\0' && strchr ("\"`$\\", p[1]) != NULL)
                    p++;
                  g_string_append_c (arg, *p);
                }
              if (*p != '"')
                {
                  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "Exec= has an unterminated double quote");
                  return NULL;
                }
              p++;
            }
          else if (*p == '\'')
            {
              const char *end = strchr (p + 1, '\'');
              if (end == NULL)
                {
                  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "Exec= has an unterminated single quote");
                  return NULL;
                }
              g_string_append_len (arg, p + 1, end - p - 1);
              p = end + 1;
            }
          else if (*p == '\\' && p[1] != '\0')
            {
              g_string_append_c (arg, p[1]);
              p += 2;
            }
          else
            g_string_append_c (arg, *p++);
        }
      g_ptr_array_add (argv, g_string_free (g_steal_pointer (&arg), FALSE));
    }
  if (argv->len == 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "Exec= is empty");
      return NULL;
    }
  return g_steal_pointer (&argv);
}

/* Appends ARG to OUT, quoted when the specification requires it. */
void
sbox_desktop_exec_append_quoted (GString *out, const char *arg)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (*arg != '\0' && strpbrk (arg, exec_reserved) == NULL)
    {
      g_string_append (out, arg);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Our own words must not be taken for field codes. */
void
sbox_desktop_exec_append_literal (GString *out, const char *arg)
{
  g_autoptr (GString) s = g_string_new (arg);
  g_string_replace (s, "%", "%%", 0);
  sbox_desktop_exec_append_quoted (out, s->str);
}

/* The basename of the program ARGV runs, looking through "env VAR=x prog". */
char *
sbox_desktop_exec_program (GPtrArray *argv, guint start)
{
  guint i = start;

  if (i >= argv->len)
    return NULL;
  {
    g_autofree char *first = g_path_get_basename (g_ptr_array_index (argv, i));
    if (!g_str_equal (first, "env"))
      return g_steal_pointer (&first);
  }
  for (i++; i < argv->len; i++)
    {
      const char *a = g_ptr_array_index (argv, i);
      if (a[0] != '-' && strchr (a, '=') == NULL)
        return g_path_get_basename (a);
    }
  return NULL;
}
