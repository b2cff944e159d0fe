/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GwAddress:
 * @road: the road without the city or district before it ("宁夏路")
 * @number: the door number in Arabic digits ("128")
 * @lane: whether the door number is a lane (弄), whose houses are numbered
 *   by 号 in it
 * @building: the building's number in Arabic digits ("3" of 3栋, 3幢,
 *   3号楼), or %NULL when the address names none
 * @unit: the entrance (单元), 0 when the address names none
 * @room: the room in Arabic digits ("302"), or %NULL
 *
 * An address of the registers (户籍, 实有人口) read into its parts, whatever
 * the numerals: "宁夏路128号2单元302室", "宁夏路一百二十八号二单元三〇二",
 * "宁夏路１２８号２—３０２" are the same dwelling.
 */
typedef struct
{
  char     *road;
  char     *number;
  gboolean  lane;
  char     *building;
  guint     unit;
  char     *room;
} GwAddress;

void       gw_address_free          (GwAddress   *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwAddress, gw_address_free)

/* Reads @text; %NULL with the reason in @error (%GW_STORE_ERROR_INVALID)
 * when it names no road or no door number, or has parts it cannot read. */
GwAddress *gw_address_parse         (const char  *text,
                                     GError     **error);

/* The door plate as the buildings table keeps it: "宁夏路128号". */
char      *gw_address_door_plate    (const GwAddress *address);

/* The value of a run of numerals: Arabic and full-width digits read digit
 * by digit, Chinese ones too ("三〇二" is 302) unless they count with 十,
 * 百, 千 ("一百二十八"). %NULL when @text is not only numerals. */
char      *gw_address_numeral       (const char  *text);

/* What a building's name numbers it by, to compare with an address's
 * building: "3" for "3号楼", "三栋", "3幢", "3座"; the name itself when it
 * has no numeral ("综合楼"); %NULL for an empty name. */
char      *gw_address_building_key  (const char  *name);

/* Whether @id_number is a resident ID number of GB 11643-1999: 17 digits
 * and the ISO 7064 MOD 11-2 check character (0-9 or X), with a real birth
 * date. When not, @reason (optional) says why, translated. */
gboolean   gw_id_number_check       (const char  *id_number,
                                     char       **reason);

G_END_DECLS
