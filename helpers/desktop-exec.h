/* desktop-exec.h — Exec= values of .desktop files: split and quoted back. */
#pragma once

#include <glib.h>

/* EXEC's arguments (g_free'd strings), field codes (%f, %U, %%, ...) kept
 * as written; NULL with an error when a quote is unterminated or EXEC is
 * empty. */
GPtrArray *sbox_desktop_exec_split (const char *exec, GError **error);

/* Append ARG to OUT (space-separated), in double quotes when it is empty
 * or holds a reserved character. */
void sbox_desktop_exec_append_quoted (GString *out, const char *arg);

/* The same for a word of sbox's own: its % are doubled so that no launcher
 * takes them for field codes. */
void sbox_desktop_exec_append_literal (GString *out, const char *arg);

/* The basename of the program ARGV runs from index START, looking through
 * "env VAR=x prog"; NULL when there is none. */
char *sbox_desktop_exec_program (GPtrArray *argv, guint start);
