/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-address"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-address.h"
#include "gw-error.h"

/* Addresses of the registers into road, door number, building, unit and
 * room. The text is first cut into parts: runs of numerals (Arabic,
 * full-width, Chinese) and single other characters; the door number is the
 * first numeral run followed by 号 (not 号楼) or 弄, what comes before it
 * the road, and the parts after it are read by the character that follows
 * each number (栋 幢 座 号楼 #: building; 单元: unit; 室 户 房: room; 层:
 * floor) or, in a dashed group ("2-302", "3-2-302"), by their place. */

typedef struct
{
  gunichar    c;       /* 0 for a numeral run */
  char       *value;   /* a run's value in Arabic digits */
  const char *start;   /* where it is in the text */
  const char *end;
} Part;

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_free (part->value);
}

void
gw_address_free (GwAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->road);
  g_free (address->number);
  g_free (address->building);
  g_free (address->room);
  g_free (address);
}

/* Full-width forms to ASCII, every dash to '-'. */
static gunichar
fold_char (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    c -= 0xFEE0;
  if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == '~' || c == 0x301C)
    c = '-';
  return c;
}

/* The digit of a numeral character, 10, 100, 1000 for 十 百 千, -1 for
 * anything else. */
static int
numeral_of (gunichar c)
{
  static const gunichar digits[] = { 0x3007 /* 〇 */, 0x4E00 /* 一 */, 0x4E8C /* 二 */,
                                     0x4E09 /* 三 */, 0x56DB /* 四 */, 0x4E94 /* 五 */,
                                     0x516D /* 六 */, 0x4E03 /* 七 */, 0x516B /* 八 */,
                                     0x4E5D /* 九 */ };

  if (c >= '0' && c <= '9')
    return c - '0';
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (c == digits[i])
      return i;
  switch (c)
    {
    case 0x96F6: /* 零 */
    case 0x25CB: /* ○, often typed for 〇 */
      return 0;
    case 0x4E24: /* 两 */
      return 2;
    case 0x5341: /* 十 */
      return 10;
    case 0x767E: /* 百 */
      return 100;
    case 0x5343: /* 千 */
      return 1000;
    default:
      return -1;
    }
}

/* The value of the numeral characters @run (already folded). */
static char *
run_value (const gunichar *run,
           guint           len)
{
  gboolean counting = FALSE;
  gint64 value = 0;
  int digit = -1;
  GString *out;

  for (guint i = 0; i < len; i++)
    counting |= numeral_of (run[i]) >= 10;
  if (!counting)
    {
      out = g_string_new (NULL);
      for (guint i = 0; i < len; i++)
        g_string_append_c (out, '0' + numeral_of (run[i]));
      return g_string_free (out, FALSE);
    }
  /* 一百二十八: each multiplier takes the digit before it (十 alone is 10). */
  for (guint i = 0; i < len; i++)
    {
      int n = numeral_of (run[i]);

      if (n < 10)
        digit = n;
      else
        {
          value += (gint64) (digit < 0 ? 1 : digit) * n;
          digit = -1;
        }
    }
  if (digit > 0)
    value += digit;
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* @text into numeral runs and single characters, spaces dropped. */
static GArray *
split_parts (const char *text)
{
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_autoptr (GArray) run = g_array_new (FALSE, FALSE, sizeof (gunichar));
  const char *run_start = NULL;

  g_array_set_clear_func (parts, part_clear);
  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? fold_char (g_utf8_get_char (p)) : 0;

      if (c != 0 && numeral_of (c) >= 0)
        {
          if (run->len == 0)
            run_start = p;
          g_array_append_val (run, c);
          continue;
        }
      if (run->len > 0)
        {
          Part part = { 0, run_value ((gunichar *) run->data, run->len), run_start, p };

          g_array_append_val (parts, part);
          g_array_set_size (run, 0);
        }
      if (c == 0)
        break;
      if (!g_unichar_isspace (c) && c != 0x3000)
        {
          Part part = { c, NULL, p, g_utf8_next_char (p) };

          g_array_append_val (parts, part);
        }
    }
  return parts;
}

static gunichar
char_at (GArray *parts,
         guint   i)
{
  return i < parts->len ? g_array_index (parts, Part, i).c : (gunichar) -1;
}

static gboolean
is_run (GArray *parts,
        guint   i)
{
  return i < parts->len && g_array_index (parts, Part, i).c == 0;
}

/* The road without the city, district, street office or community before
 * it: "青岛市市南区宁夏路" is "宁夏路" ("市场路" stays itself). */
static char *
strip_region (const char *road)
{
  static const char *const markers[] = { "省", "市", "区", "县", "镇", "街道", "社区" };
  const char *cut = road;

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *found = NULL;

      for (const char *p = strstr (road, markers[i]); p != NULL; p = strstr (p + 1, markers[i]))
        found = p;
      if (found != NULL && found > road)
        {
          const char *after = found + strlen (markers[i]);

          if (g_utf8_strlen (after, -1) >= 2 && after > cut)
            cut = after;
        }
    }
  return g_strdup (cut);
}

/* The door number: a run followed by 号 (not 号楼) or 弄. */
static gboolean
find_door (GArray *parts,
           guint  *door)
{
  for (guint i = 1; i + 1 < parts->len; i++)
    if (is_run (parts, i)
        && ((char_at (parts, i + 1) == 0x53F7 /* 号 */ && char_at (parts, i + 2) != 0x697C /* 楼 */)
            || char_at (parts, i + 1) == 0x5F04 /* 弄 */))
      {
        *door = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
set_part (char       **slot,
          const char  *value)
{
  if (*slot != NULL)
    return FALSE;
  *slot = g_strdup (value);
  return TRUE;
}

static gboolean
set_unit (GwAddress  *address,
          const char *value)
{
  gint64 unit = g_ascii_strtoll (value, NULL, 10);

  if (address->unit != 0 || unit < 1 || unit > 99)
    return FALSE;
  address->unit = unit;
  return TRUE;
}

/* A dashed group after the door: room; unit-room; building-unit-room. */
static gboolean
read_dashed (GwAddress *address,
             GArray    *parts,
             guint     *i)
{
  const char *values[3];
  guint n = 0;

  for (;;)
    {
      if (!is_run (parts, *i) || n == G_N_ELEMENTS (values))
        return FALSE;
      values[n++] = g_array_index (parts, Part, *i).value;
      (*i)++;
      if (char_at (parts, *i) != '-')
        break;
      (*i)++;
    }
  if (char_at (parts, *i) == 0x5BA4 /* 室 */ || char_at (parts, *i) == 0x6237 /* 户 */)
    (*i)++;
  if (n == 3 && !set_part (&address->building, values[0]))
    return FALSE;
  if (n >= 2 && !set_unit (address, values[n - 2]))
    return FALSE;
  return set_part (&address->room, values[n - 1]);
}

/* One number after the door and the character that says what it is. */
static gboolean
read_numbered (GwAddress *address,
               GArray    *parts,
               guint     *i)
{
  const char *value = g_array_index (parts, Part, *i).value;
  gunichar next = char_at (parts, *i + 1), after = char_at (parts, *i + 2);

  switch (next)
    {
    case 0x680B: /* 栋 */
    case 0x5E62: /* 幢 */
    case 0x5EA7: /* 座 */
    case '#':
      *i += after == 0x697C /* 楼 */ ? 3 : 2;
      return set_part (&address->building, value);
    case 0x53F7: /* 号 */
      if (after != 0x697C && !address->lane)
        return FALSE;
      *i += after == 0x697C ? 3 : 2;
      return set_part (&address->building, value);
    case 0x5355: /* 单(元) */
      if (after != 0x5143 /* 元 */)
        return FALSE;
      *i += 3;
      return set_unit (address, value);
    case 0x5BA4: /* 室 */
    case 0x6237: /* 户 */
    case 0x623F: /* 房 */
      *i += 2;
      return set_part (&address->room, value);
    case 0x5C42: /* 层: the room says the floor */
    case 0x697C: /* 楼, a floor when no 号 comes before it */
      *i += 2;
      return TRUE;
    default:
      return read_dashed (address, parts, i);
    }
}

GwAddress *
gw_address_parse (const char  *text,
                  GError     **error)
{
  g_autoptr (GwAddress) address = g_new0 (GwAddress, 1);
  g_autoptr (GArray) parts = NULL;
  g_autofree char *road = NULL;
  guint door = 0, i;

  g_return_val_if_fail (text != NULL, NULL);

  parts = split_parts (text);
  if (!find_door (parts, &door))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("address “%s” has no door number (号 or 弄)"), text);
      return NULL;
    }
  road = g_strndup (g_array_index (parts, Part, 0).start,
                    g_array_index (parts, Part, door).start - g_array_index (parts, Part, 0).start);
  g_strstrip (road);
  address->road = strip_region (road);
  address->number = g_strdup (g_array_index (parts, Part, door).value);
  address->lane = char_at (parts, door + 1) == 0x5F04;
  for (i = door + 2; i < parts->len;)
    {
      gunichar c = char_at (parts, i);
      guint at = i;
      gboolean ok;

      /* 院, punctuation and brackets say nothing of the dwelling. */
      if (c != 0 && strchr (",.()#", (int) (c < 128 ? c : 1)) != NULL)
        ok = TRUE, i++;
      else if (c == 0x9662 /* 院 */ || c == 0xFF0C || c == 0x3001 /* 、 */)
        ok = TRUE, i++;
      else
        ok = c == 0 && read_numbered (address, parts, &i);
      if (!ok)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("address “%s”: cannot read “%s” after the door number"), text,
                       g_array_index (parts, Part, at).start);
          return NULL;
        }
    }
  return g_steal_pointer (&address);
}

char *
gw_address_door_plate (const GwAddress *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  return g_strconcat (address->road, address->number, address->lane ? "弄" : "号", NULL);
}

char *
gw_address_numeral (const char *text)
{
  g_autoptr (GArray) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  parts = split_parts (text);
  if (parts->len != 1 || !is_run (parts, 0))
    return NULL;
  return g_strdup (g_array_index (parts, Part, 0).value);
}

char *
gw_address_building_key (const char *name)
{
  g_autoptr (GArray) parts = NULL;
  g_autofree char *stripped = NULL;
  gint first_arabic = -1;

  if (name == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    return NULL;
  parts = split_parts (stripped);
  if (parts->len == 1 && is_run (parts, 0))
    return g_strdup (g_array_index (parts, Part, 0).value);
  /* The run that numbers the building ("十里河3号楼" is 3), else the first
   * Arabic one. */
  for (guint i = 0; i < parts->len; i++)
    {
      gunichar next = char_at (parts, i + 1);

      if (!is_run (parts, i))
        continue;
      if (next == 0x53F7 || next == 0x680B || next == 0x5E62 || next == 0x5EA7 || next == '#')
        return g_strdup (g_array_index (parts, Part, i).value);
      if (first_arabic < 0 && g_ascii_isdigit (*g_array_index (parts, Part, i).start))
        first_arabic = i;
    }
  if (first_arabic >= 0)
    return g_strdup (g_array_index (parts, Part, first_arabic).value);
  return g_steal_pointer (&stripped);
}

gboolean
gw_id_number_check (const char  *id_number,
                    char       **reason)
{
  /* GB 11643-1999: weights 2^(17-i) mod 11 of the first 17 digits; the sum
   * mod 11 picks the check character (ISO 7064 MOD 11-2). */
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  int sum = 0, year, month, day;
  char expected;

  g_return_val_if_fail (id_number != NULL, FALSE);

  if (strlen (id_number) != 18)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("the ID number has %ld characters, not 18"),
                                   g_utf8_validate (id_number, -1, NULL)
                                   ? g_utf8_strlen (id_number, -1) : (glong) strlen (id_number));
      return FALSE;
    }
  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id_number[i]))
        {
          if (reason != NULL)
            *reason = g_strdup (_("the ID number has a character other than a digit among its "
                                  "first 17"));
          return FALSE;
        }
      sum += (id_number[i] - '0') * weights[i];
    }
  year = (id_number[6] - '0') * 1000 + (id_number[7] - '0') * 100 + (id_number[8] - '0') * 10
         + (id_number[9] - '0');
  month = (id_number[10] - '0') * 10 + (id_number[11] - '0');
  day = (id_number[12] - '0') * 10 + (id_number[13] - '0');
  if (year < 1850 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy (day, month, year))
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("the ID number’s birth date %.8s is not a date"),
                                   id_number + 6);
      return FALSE;
    }
  expected = checks[sum % 11];
  if (g_ascii_toupper (id_number[17]) != expected)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("the ID number’s check digit is %c, it should be %c (a digit "
                                     "mistyped?)"), id_number[17], expected);
      return FALSE;
    }
  return TRUE;
}
