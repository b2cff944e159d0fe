/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gw-address.h"
#include "gw-error.h"

/* Addresses as the registers of street offices write them (户籍, 实有人口),
 * in every numeral style, read into road, door number, building, unit and
 * room; and the ID numbers of GB 11643-1999. */

typedef struct
{
  const char *text;
  const char *road;
  const char *number;
  const char *building;  /* NULL: none named */
  guint       unit;      /* 0: none named */
  const char *room;      /* NULL: none named */
} Form;

static const Form forms[] = {
  { "宁夏路128号2单元302室", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路一百二十八号二单元三〇二", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路１２８号２—３０２", "宁夏路", "128", NULL, 2, "302" },
  { "山东省青岛市市南区宁夏路128号2单元302室", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路128号3号楼2单元302室", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号3栋2单元302", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号3幢2单元302室", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号院3号楼2单元302", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号3-2-302", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号3#楼2-302", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号302室", "宁夏路", "128", NULL, 0, "302" },
  { "宁夏路128号", "宁夏路", "128", NULL, 0, NULL },
  { "宁夏路 128 号 2 单元 302 室", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路128号2单元3楼302室", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路128号二单元三零二室", "宁夏路", "128", NULL, 2, "302" },
  { "中山二路15号1单元101", "中山二路", "15", NULL, 1, "101" },
  { "三门峡路7号1单元201室", "三门峡路", "7", NULL, 1, "201" },
  { "延安三路二十号一单元一〇一", "延安三路", "20", NULL, 1, "101" },
  { "南京路128弄3号502室", "南京路", "128", "3", 0, "502" },
  { "宁夏路128号2单元1202室", "宁夏路", "128", NULL, 2, "1202" },
  { "宁夏路１２８号３号楼２单元３０２室", "宁夏路", "128", "3", 2, "302" },
  { "宁夏路128号2–302", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路128号2－302", "宁夏路", "128", NULL, 2, "302" },
  { "市南区宁夏路128号2单元302户", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路一〇八号", "宁夏路", "108", NULL, 0, NULL },
  { "宁夏路两百零八号1单元101", "宁夏路", "208", NULL, 1, "101" },
  { "市场三路9号三栋1单元201", "市场三路", "9", "3", 1, "201" },
  { "宁夏路街道宁夏路128号，2单元302", "宁夏路", "128", NULL, 2, "302" },
  { "宁夏路128号十二栋三单元五〇一室", "宁夏路", "128", "12", 3, "501" },
};

static void
test_forms (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      const Form *f = &forms[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (GwAddress) address = gw_address_parse (f->text, &error);

      g_test_message ("%s", f->text);
      g_assert_no_error (error);
      g_assert_nonnull (address);
      g_assert_cmpstr (address->road, ==, f->road);
      g_assert_cmpstr (address->number, ==, f->number);
      g_assert_cmpstr (address->building, ==, f->building);
      g_assert_cmpuint (address->unit, ==, f->unit);
      g_assert_cmpstr (address->room, ==, f->room);
    }
}

/* What cannot be read is refused with the reason, never guessed. */
static void
test_unreadable (void)
{
  static const struct
  {
    const char *text;
    const char *reason;
  } bad[] = {
    { "宁夏路2单元302室", "no door number" },
    { "3号楼2单元302", "no door number" },
    { "", "no door number" },
    { "宁夏路128号2单元2单元302", "cannot read “2单元302”" },
    { "宁夏路128号甲302", "cannot read “甲302”" },
    { "宁夏路128号A座", "cannot read “A座”" },
    { "宁夏路128号1-2-3-4", "cannot read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GwAddress) address = gw_address_parse (bad[i].text, &error);

      g_test_message ("%s", bad[i].text);
      g_assert_null (address);
      g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].reason));
    }
}

static void
test_door_plate (void)
{
  g_autoptr (GwAddress) plain = gw_address_parse ("青岛市宁夏路一百二十八号二单元三〇二", NULL);
  g_autoptr (GwAddress) lane = gw_address_parse ("南京路128弄3号502室", NULL);
  g_autofree char *plate = gw_address_door_plate (plain);
  g_autofree char *lane_plate = gw_address_door_plate (lane);

  g_assert_cmpstr (plate, ==, "宁夏路128号");
  g_assert_cmpstr (lane_plate, ==, "南京路128弄");
}

static void
test_numerals (void)
{
  static const char *const cases[][2] = {
    { "一百二十八", "128" }, { "三〇二", "302" }, { "三○二", "302" }, { "十", "10" },
    { "十二", "12" }, { "二十", "20" }, { "１２８", "128" }, { "一千零五", "1005" },
    { "两百", "200" }, { "128", "128" }, { "零一", "01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = gw_address_numeral (cases[i][0]);

      g_assert_cmpstr (value, ==, cases[i][1]);
    }
  g_assert_null (gw_address_numeral ("3号"));
  g_assert_null (gw_address_numeral ("abc"));
}

static void
test_building_key (void)
{
  static const char *const cases[][2] = {
    { "3号楼", "3" }, { "三栋", "3" }, { "3幢", "3" }, { "12", "12" }, { " 5号楼 ", "5" },
    { "综合楼", "综合楼" }, { "十里河3号楼", "3" }, { "B3", "3" }, { "十二号楼", "12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = gw_address_building_key (cases[i][0]);

      g_assert_cmpstr (key, ==, cases[i][1]);
    }
  g_assert_null (gw_address_building_key (""));
  g_assert_null (gw_address_building_key (NULL));
}

/* GB 11643-1999: the check character of ISO 7064 MOD 11-2, and a birth
 * date that exists. */
static void
test_id_number (void)
{
  static const struct
  {
    const char *id;
    const char *reason;   /* NULL: valid */
  } ids[] = {
    { "11010519491231002X", NULL },
    { "11010519491231002x", NULL },
    { "370202198001011232", NULL },
    { "370202201602290040", NULL },           /* 29 February of a leap year */
    { "370202198001011233", "check digit is 3, it should be 2" },
    { "370202201702290048", "birth date 20170229 is not a date" },
    { "37020219800101123", "17 characters, not 18" },
    { "3702021980010112321", "19 characters, not 18" },
    { "37020219800101A232", "other than a digit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *reason = NULL;
      gboolean valid = gw_id_number_check (ids[i].id, &reason);

      g_test_message ("%s", ids[i].id);
      g_assert_cmpint (valid, ==, ids[i].reason == NULL);
      if (ids[i].reason != NULL)
        g_assert_nonnull (strstr (reason, ids[i].reason));
      else
        g_assert_null (reason);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/address/forms", test_forms);
  g_test_add_func ("/address/unreadable", test_unreadable);
  g_test_add_func ("/address/door-plate", test_door_plate);
  g_test_add_func ("/address/numerals", test_numerals);
  g_test_add_func ("/address/building-key", test_building_key);
  g_test_add_func ("/address/id-number", test_id_number);
  return g_test_run ();
}
