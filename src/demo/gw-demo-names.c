/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include "gw-demo-names.h"

/* Data is Chinese on purpose: the demo database is what a Qingdao street
 * office's own files look like, whatever language the interface speaks. */

const GwDemoWeighted gw_demo_surnames[] = {
  { "王", 900 }, { "张", 800 }, { "李", 760 }, { "刘", 700 }, { "孙", 380 },
  { "杨", 330 }, { "赵", 300 }, { "于", 280 }, { "陈", 260 }, { "徐", 240 },
  { "高", 220 }, { "马", 200 }, { "宋", 170 }, { "郭", 160 }, { "姜", 160 },
  { "周", 150 }, { "林", 140 }, { "吴", 130 }, { "韩", 130 }, { "朱", 120 },
  { "胡", 110 }, { "曲", 100 }, { "董", 100 }, { "黄", 100 }, { "崔", 90 },
  { "田", 80 }, { "吕", 80 }, { "郑", 80 }, { "薛", 70 }, { "丁", 70 },
  { "毛", 60 }, { "程", 60 }, { "杜", 60 }, { "许", 60 }, { "梁", 60 },
  { "冯", 60 }, { "曹", 60 }, { "魏", 60 }, { "任", 60 }, { "孟", 60 },
  { "谢", 50 }, { "唐", 50 }, { "范", 50 }, { "石", 50 }, { "贾", 50 },
  { "付", 50 }, { "侯", 50 }, { "袁", 40 }, { "邓", 40 }, { "彭", 40 },
  { "肖", 40 }, { "潘", 40 }, { "蒋", 40 }, { "蔡", 40 }, { "姚", 40 },
  { "卢", 40 }, { "金", 40 }, { "白", 40 }, { "秦", 40 }, { "郝", 40 },
  { "邵", 40 }, { "葛", 40 }, { "隋", 40 }, { "纪", 40 }, { "尹", 40 },
  { "牛", 40 }, { "沈", 30 }, { "夏", 30 }, { "方", 30 }, { "邹", 30 },
  { "栾", 30 }, { "臧", 30 }, { "迟", 30 }, { "苗", 30 }, { "宫", 30 },
  { "鞠", 30 }, { "管", 30 }, { "初", 30 }, { "曾", 20 }, { "钟", 20 },
  { "汪", 20 }, { "修", 20 }, { "逄", 20 }, { "战", 20 }, { "衣", 20 },
  { "解", 20 }, { "矫", 15 }, { "仇", 15 }, { "薄", 15 }, { "綦", 10 },
};
const guint gw_demo_n_surnames = G_N_ELEMENTS (gw_demo_surnames);

/* Generation 0: born before 1956. */
static const char * const whole_0_m[] = {
  "德福", "德胜", "振华", "世友", "文斌", "玉山", "树林", "洪生", "学文", "庆祥",
  "万福", "长海", "宝山", "占奎", "守成", "殿臣", "明德", "永福", "志远", "兆祥",
  "家驹", "传宝", "广才", "立本", "福山", "锡坤", "春林", "金山", "寿昌", "启明",
};
static const char * const first_0_m[] = {
  "德", "振", "世", "玉", "树", "洪", "学", "庆", "万", "长", "宝", "守", "殿",
  "明", "永", "兆", "传", "广", "福", "锡", "春", "金", "寿", "景", "汝", "维",
};
static const char * const second_0_m[] = {
  "福", "胜", "华", "友", "山", "林", "生", "文", "祥", "海", "奎", "成", "臣",
  "德", "远", "才", "本", "昌", "明", "财", "贵", "忠", "田", "堂", "仁", "和",
};
static const char * const whole_0_f[] = {
  "秀英", "桂兰", "淑珍", "玉兰", "凤英", "秀兰", "桂英", "素芳", "淑华", "玉珍",
  "秀珍", "兰英", "淑英", "翠英", "玉梅", "桂芳", "秀芝", "凤兰", "淑贞", "美英",
  "秀云", "玉芬", "金凤", "桂珍", "素珍", "玉英", "秀荣", "春兰", "凤芝", "淑兰",
};
static const char * const first_0_f[] = {
  "秀", "桂", "淑", "玉", "凤", "素", "兰", "翠", "美", "金", "春", "月", "彩",
  "瑞", "宝", "银", "凤", "荣",
};
static const char * const second_0_f[] = {
  "英", "兰", "珍", "芳", "华", "梅", "芝", "贞", "云", "芬", "凤", "荣", "香",
  "琴", "娥", "莲", "菊", "花",
};

/* Generation 1: 1956–1975. */
static const char * const whole_1_m[] = {
  "建国", "建华", "国庆", "卫东", "建军", "红军", "国强", "志刚", "建平", "永强",
  "学军", "卫国", "援朝", "跃进", "东升", "海涛", "建伟", "国栋", "振东", "立新",
  "新民", "洪涛", "明亮", "胜利", "建设", "文革", "向东", "光明", "志华", "庆国",
};
static const char * const first_1_m[] = {
  "建", "国", "卫", "志", "永", "学", "海", "振", "立", "新", "红", "洪", "东",
  "文", "庆", "军", "向", "光", "胜", "明", "德", "世",
};
static const char * const second_1_m[] = {
  "国", "华", "军", "强", "平", "东", "刚", "明", "民", "伟", "林", "涛", "斌",
  "成", "忠", "生", "勇", "新", "杰", "亮", "春", "波",
};
static const char * const whole_1_f[] = {
  "红梅", "丽华", "秀梅", "丽娟", "春梅", "桂红", "艳华", "玉霞", "淑芬", "秀红",
  "卫红", "红霞", "丽萍", "海燕", "晓红", "建英", "美华", "翠萍", "玉红", "爱华",
  "雪梅", "丽君", "彩霞", "红英", "爱玲", "秀华", "春燕", "红艳", "金华", "素梅",
};
static const char * const first_1_f[] = {
  "红", "丽", "秀", "春", "桂", "艳", "玉", "淑", "卫", "海", "晓", "建", "美",
  "翠", "爱", "雪", "彩", "金", "素", "凤",
};
static const char * const second_1_f[] = {
  "梅", "华", "娟", "红", "霞", "芬", "燕", "萍", "英", "玲", "君", "芳", "荣",
  "琴", "莉", "艳", "珍", "云",
};

/* Generation 2: 1976–1995. Many single-character names. */
static const char * const whole_2_m[] = {
  "伟", "强", "磊", "军", "勇", "涛", "斌", "鹏", "超", "杰", "刚", "明", "辉",
  "亮", "凯", "浩", "宁", "健", "波", "峰", "海波", "志勇", "晓东", "文杰",
  "俊杰", "振宇", "建波", "鹏飞", "晓峰", "海峰", "立伟", "明辉", "永刚", "志伟",
};
static const char * const first_2_m[] = {
  "晓", "志", "海", "文", "俊", "振", "建", "鹏", "立", "明", "永", "国", "东",
  "家", "宏", "新", "子", "嘉", "立", "春",
};
static const char * const second_2_m[] = {
  "东", "勇", "杰", "宇", "波", "飞", "峰", "伟", "辉", "刚", "明", "亮", "军",
  "龙", "鹏", "涛", "斌", "磊", "超", "阳",
};
static const char * const whole_2_f[] = {
  "丽", "静", "敏", "燕", "艳", "娜", "婷", "霞", "倩", "丹", "雪", "琳", "晶",
  "莉", "颖", "慧", "佳", "蕾", "璐", "晓燕", "丽丽", "婷婷", "晓丽", "海燕",
  "秀丽", "春燕", "文静", "晓琳", "丽娜", "雪莲", "慧敏", "晓静", "艳红", "美玲",
};
static const char * const first_2_f[] = {
  "晓", "丽", "婷", "雪", "海", "春", "文", "慧", "美", "秀", "艳", "佳", "玉",
  "静", "思", "晶", "彩",
};
static const char * const second_2_f[] = {
  "燕", "丽", "婷", "静", "琳", "娜", "敏", "玲", "霞", "慧", "洁", "颖", "蕾",
  "倩", "红", "萍", "晶", "媛",
};

/* Generation 3: from 1996. */
static const char * const whole_3_m[] = {
  "浩然", "宇轩", "子轩", "浩宇", "俊熙", "梓豪", "一鸣", "博文", "天佑", "子墨",
  "宇航", "皓轩", "梓睿", "泽宇", "晨阳", "思远", "嘉豪", "铭泽", "奕辰", "睿泽",
  "一诺", "俊宇", "明轩", "子豪", "沐阳", "家乐", "逸飞", "浩轩", "锦程", "昊天",
};
static const char * const first_3_m[] = {
  "浩", "宇", "子", "俊", "梓", "博", "天", "皓", "泽", "晨", "思", "嘉", "铭",
  "奕", "睿", "一", "明", "沐", "锦", "昊", "景", "书",
};
static const char * const second_3_m[] = {
  "然", "轩", "宇", "熙", "豪", "鸣", "文", "佑", "墨", "航", "睿", "阳", "远",
  "泽", "辰", "诺", "乐", "飞", "程", "天", "川", "晨",
};
static const char * const whole_3_f[] = {
  "子涵", "梓萱", "欣怡", "雨桐", "诗涵", "思琪", "一诺", "若汐", "可馨", "欣妍",
  "梓涵", "语桐", "佳怡", "雨涵", "思雨", "心怡", "艺涵", "紫涵", "梦瑶", "晨曦",
  "嘉怡", "语嫣", "诗琪", "芷若", "佳琪", "雅琪", "沐晴", "安琪", "静怡", "若曦",
};
static const char * const first_3_f[] = {
  "子", "梓", "欣", "雨", "诗", "思", "若", "可", "语", "佳", "心", "艺", "紫",
  "梦", "晨", "嘉", "芷", "雅", "沐", "安", "静",
};
static const char * const second_3_f[] = {
  "涵", "萱", "怡", "桐", "琪", "汐", "馨", "妍", "雨", "瑶", "曦", "嫣", "若",
  "晴", "然", "彤", "琳", "悦",
};

#define GIVEN(w, f, s) { w, G_N_ELEMENTS (w), f, G_N_ELEMENTS (f), s, G_N_ELEMENTS (s) }

static const GwDemoGivenNames given_names[4][2] = {
  { GIVEN (whole_0_f, first_0_f, second_0_f), GIVEN (whole_0_m, first_0_m, second_0_m) },
  { GIVEN (whole_1_f, first_1_f, second_1_f), GIVEN (whole_1_m, first_1_m, second_1_m) },
  { GIVEN (whole_2_f, first_2_f, second_2_f), GIVEN (whole_2_m, first_2_m, second_2_m) },
  { GIVEN (whole_3_f, first_3_f, second_3_f), GIVEN (whole_3_m, first_3_m, second_3_m) },
};

const GwDemoGivenNames *
gw_demo_given_names (guint    generation,
                     gboolean male)
{
  return &given_names[MIN (generation, 3)][male ? 1 : 0];
}

const char * const gw_demo_main_roads[] = {
  "宁夏路", "辽宁路", "延安三路", "南京路", "敦化路", "山东路", "长春路", "哈尔滨路",
  "台东一路", "威海路", "华阳路", "重庆南路", "四流中路", "黑龙江南路", "鞍山路",
  "延吉路", "杭州路", "福州北路", "洛阳路", "胶州路", "辽阳西路", "抚顺路",
  "吉林路", "大连路", "昌乐路", "沈阳路", "同安路", "劲松七路", "合肥路", "镇江路",
  "海泊路", "热河路", "登州路", "商河路", "郑州路", "人民路", "武昌路", "内蒙古路",
};
const guint gw_demo_n_main_roads = G_N_ELEMENTS (gw_demo_main_roads);

const char * const gw_demo_minor_roads[] = {
  "福州路", "西宁路", "银川路", "兰州路", "佳木斯路", "长沙路", "济南路", "徐州路",
  "扬州路", "南昌路", "开封路", "长安路", "宝鸡路", "咸阳路", "渭南路", "汾阳路",
  "太原路", "大同路", "包头路", "海拉尔路", "满洲里路", "齐齐哈尔路", "牡丹江路",
  "通化路", "白山路", "丹东路", "营口路", "锦州路", "盘锦路", "铁岭路", "本溪路",
  "阜新路", "朝阳路", "承德路", "保定路", "邯郸路", "邢台路", "唐山路", "张家口路",
  "沧州路", "衡水路", "廊坊路", "周口路", "信阳路", "南阳路", "许昌路", "新乡路",
  "焦作路", "安阳路", "鹤壁路", "濮阳路", "漯河路", "商丘路", "九江路", "赣州路",
  "吉安路", "宜春路", "抚州路", "上饶路", "萍乡路", "芜湖路", "蚌埠路", "淮南路",
  "马鞍山路", "淮北路", "铜陵路", "安庆路", "黄山路", "滁州路", "阜阳路", "宿州路",
  "六安路", "亳州路", "池州路", "宣城路", "温州路", "嘉兴路", "湖州路", "绍兴路",
  "金华路", "衢州路", "舟山路", "台州路", "丽水路", "无锡路", "常州路", "苏州路",
  "南通路", "连云港路", "淮安路", "盐城路", "泰州路", "宿迁路", "乐陵路", "宁阳路",
  "德平路", "寿光路", "高密路", "即墨路", "平度路", "莱芜路", "博兴路", "海阳路",
  "临清路", "聊城路", "馆陶路", "堂邑路", "恩县路", "夏津路", "陵县路", "德县路",
  "滋阳路", "费县路", "蒙阴路", "曲阜路", "泗水路", "邹县路", "滕县路", "金乡路",
};
const guint gw_demo_n_minor_roads = G_N_ELEMENTS (gw_demo_minor_roads);

const char * const gw_demo_name_chars[] = {
  "福", "寿", "康", "宁", "安", "平", "德", "和", "兴", "隆", "裕", "丰", "吉",
  "祥", "瑞", "永", "仁", "义", "广", "积", "厚", "庆", "泰", "华", "昌", "荣",
  "盛", "益", "新", "同", "聚", "顺", "恒", "宝", "金", "春", "长", "乐", "善",
  "惠", "鑫", "馨", "怡", "嘉", "润", "景", "龙", "凤", "海", "山", "东", "明",
};
const guint gw_demo_n_name_chars = G_N_ELEMENTS (gw_demo_name_chars);

const char * const gw_demo_compound_suffixes[] = {
  "小区", "小区", "小区", "花园", "苑", "公寓", "新村", "大院", "家园",
};
const guint gw_demo_n_compound_suffixes = G_N_ELEMENTS (gw_demo_compound_suffixes);

const GwDemoStreet gw_demo_streets[] = {
  { "宁夏路街道", "010", "NX", "宁夏路派出所" },
  { "辽宁路街道", "002", "LN", "辽宁路派出所" },
  { "延安路街道", "003", "YA", "延安路派出所" },
  { "登州路街道", "004", "DZ", "登州路派出所" },
  { "敦化路街道", "005", "DH", "敦化路派出所" },
  { "辽源路街道", "006", "LY", "辽源路派出所" },
  { "合肥路街道", "007", "HF", "合肥路派出所" },
  { "台东街道", "008", "TD", "台东派出所" },
  { "镇江路街道", "009", "ZJ", "镇江路派出所" },
  { "浮山新区街道", "011", "FS", "浮山新区派出所" },
  { "海伦路街道", "012", "HL", "海伦路派出所" },
  { "大港街道", "001", "DG", "大港派出所" },
};
const guint gw_demo_n_streets = G_N_ELEMENTS (gw_demo_streets);

const GwDemoDepartment gw_demo_district_departments[] = {
  { "市北区城市管理局", "0532-83667201" },
  { "市北区住房和城乡建设局", "0532-83667312" },
  { "市北区民政局", "0532-83667425" },
  { "市北区卫生健康局", "0532-83667536" },
  { "市北区人力资源和社会保障局", "0532-83667648" },
  { "市北区教育和体育局", "0532-83667751" },
  { "市北区交通运输局", "0532-83667863" },
  { "市北区市场监督管理局", "0532-83667974" },
  { "青岛市公安局市北分局", "0532-66571110" },
  { "市北区司法局", "0532-83668082" },
  { "市北区应急管理局", "0532-83668193" },
  { "市北区医疗保障局", "0532-83668205" },
  { "市北区水务管理局", "0532-83668316" },
  { "市北区园林和林业局", "0532-83668427" },
  { "市北区残疾人联合会", "0532-83668538" },
  { "市北区信访局", "0532-83668649" },
  { "市北供热公司", "0532-83718800" },
  { "自来水公司市北营业分公司", "0532-85717890" },
  { "供电公司市北供电中心", "0532-95598001" },
  { "燃气公司市北服务站", "0532-85716996" },
};
const guint gw_demo_n_district_departments = G_N_ELEMENTS (gw_demo_district_departments);

const char * const gw_demo_street_offices[] = {
  "综合执法中队", "城建科", "社会事务科", "平安建设办公室",
};
const guint gw_demo_n_street_offices = G_N_ELEMENTS (gw_demo_street_offices);

#define D(...) { __VA_ARGS__ }

/* Seed 002: 8 classes, 33 sub-classes. Weights are a year's mix in an old
 * town: environment and housing lead; heating only in the heating season. */
const GwDemoSubcategory gw_demo_subcategories[] = {
  { "living_environment", "楼道堆物", 800, { 10, 85, 5 }, { 50, 45, 5 }, "街道综合执法中队",
    "building_leader", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("楼道内堆放杂物，堵塞消防通道", "单元门口堆放废旧家具，影响通行",
       "楼道内私拉电线给电动车充电，存在安全隐患") },
  { "living_environment", "垃圾清运", 600, { 0, 70, 30 }, { 60, 35, 5 }, "市北区城市管理局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_MARKET, 25, FALSE,
    D ("附近垃圾桶满溢未及时清运，异味较大", "门前建筑垃圾堆放多日无人清理") },
  { "living_environment", "占道经营", 500, { 0, 40, 60 }, { 55, 40, 5 }, "街道综合执法中队",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_MARKET, 65, FALSE,
    D ("附近路边商户占道经营，影响行人通行", "附近早市摊贩占用人行道，散市后垃圾遍地",
       "附近流动摊贩夜间占道烧烤，油烟扰民") },
  { "living_environment", "噪音扰民", 450, { 30, 50, 20 }, { 60, 35, 5 }, "青岛市公安局市北分局",
    "police", GW_DEMO_SEASON_SUMMER, GW_DEMO_HOTSPOT_MARKET, 30, FALSE,
    D ("附近夜间广场舞音响声音过大，影响休息", "附近商户使用高音喇叭招揽顾客，噪音扰民",
       "楼上住户装修噪音持续到晚上") },
  { "living_environment", "违章搭建", 300, { 0, 30, 70 }, { 10, 60, 30 }, "市北区城市管理局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("有住户在楼顶私搭乱建", "一楼住户违规扩建院墙，占用公共空间") },
  { "living_environment", "环境卫生", 350, { 0, 80, 20 }, { 45, 50, 5 }, "市北区城市管理局",
    "volunteer", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_DRAINAGE, 20, FALSE,
    D ("院内卫生死角长期无人清扫", "楼前绿化带内垃圾较多，蚊蝇孳生") },
  { "urban_housing", "下水道堵塞", 700, { 35, 45, 20 }, { 55, 40, 5 }, "市北区水务管理局",
    "community_cadre", GW_DEMO_SEASON_RAIN, GW_DEMO_HOTSPOT_DRAINAGE, 45, TRUE,
    D ("下水道堵塞，污水外溢", "楼前雨水井堵塞，雨后院内积水严重", "化粪池满溢，污水流到路面") },
  { "urban_housing", "供热不热", 550, { 0, 20, 80 }, { 30, 60, 10 }, "市北供热公司",
    "community_cadre", GW_DEMO_SEASON_HEATING, GW_DEMO_HOTSPOT_HEATING, 35, TRUE,
    D ("暖气不热，室温不足16度", "暖气管道漏水", "部分住户暖气不循环") },
  { "urban_housing", "房屋漏雨", 450, { 20, 40, 40 }, { 15, 55, 30 }, "市北区住房和城乡建设局",
    "community_cadre", GW_DEMO_SEASON_RAIN, GW_DEMO_HOTSPOT_DRAINAGE, 30, TRUE,
    D ("顶层住户屋面漏雨", "外墙渗水，室内墙皮脱落") },
  { "urban_housing", "供水问题", 300, { 0, 30, 70 }, { 60, 35, 5 }, "自来水公司市北营业分公司",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("水压不足，高层住户用水困难", "楼前供水管道漏水", "自来水发黄") },
  { "urban_housing", "路灯损坏", 250, { 0, 40, 60 }, { 30, 65, 5 }, "街道城建科",
    "party_branch", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("院内路灯不亮，夜间出行不便", "楼道声控灯损坏") },
  { "urban_housing", "道路破损", 250, { 0, 30, 70 }, { 10, 60, 30 }, "市北区住房和城乡建设局",
    "party_branch", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("院内道路坑洼不平，雨天积水", "门前人行道地砖松动破损") },
  { "civil_mediation", "邻里纠纷", 400, { 70, 30, 0 }, { 40, 55, 5 }, NULL,
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("居民与楼下邻居因漏水问题发生纠纷", "邻居在公共区域堆放物品引发矛盾",
       "楼上楼下因噪音问题产生矛盾") },
  { "civil_mediation", "家庭矛盾", 250, { 85, 15, 0 }, { 40, 50, 10 }, NULL,
    "party_branch", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民家庭因赡养老人问题产生矛盾", "居民夫妻发生争吵，请求社区调解") },
  { "civil_mediation", "物业纠纷", 250, { 0, 70, 30 }, { 10, 70, 20 }, "市北区住房和城乡建设局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民对物业收费有异议", "老旧小区无物业管理，居民要求协调") },
  { "civil_mediation", "劳资纠纷", 100, { 0, 30, 70 }, { 10, 70, 20 }, "市北区人力资源和社会保障局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民反映被拖欠工资", "居民反映务工单位未签劳动合同") },
  { "health_elderly", "居家养老服务", 300, { 20, 70, 10 }, { 20, 60, 20 }, "市北区民政局",
    "social_worker", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("独居老人需要上门助洁服务", "高龄老人申请居家养老服务") },
  { "health_elderly", "助餐送餐", 200, { 0, 90, 10 }, { 30, 60, 10 }, "市北区民政局",
    "volunteer", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("行动不便老人需要送餐服务", "老人希望社区长者食堂提供助餐") },
  { "health_elderly", "适老化改造", 200, { 0, 40, 60 }, { 5, 60, 35 }, "市北区民政局",
    "social_worker", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("老人申请卫生间加装扶手", "楼道需要加装扶手和座椅") },
  { "health_elderly", "高龄补贴", 200, { 0, 70, 30 }, { 10, 80, 10 }, "市北区民政局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("老人咨询高龄津贴申领", "老人反映高龄补贴未按时发放") },
  { "medical", "家庭医生签约", 250, { 0, 80, 20 }, { 20, 70, 10 }, "市北区卫生健康局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民咨询家庭医生签约服务", "居民希望家庭医生上门服务") },
  { "medical", "慢病随访", 200, { 0, 80, 20 }, { 20, 50, 30 }, "市北区卫生健康局",
    "social_worker", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, TRUE,
    D ("慢性病老人需要定期上门随访", "居民咨询慢病药品报销") },
  { "medical", "病媒防制", 150, { 0, 50, 50 }, { 30, 60, 10 }, "市北区卫生健康局",
    "volunteer", GW_DEMO_SEASON_SUMMER, GW_DEMO_HOTSPOT_MARKET, 30, FALSE,
    D ("院内老鼠较多，需要灭鼠", "楼前积水处蚊虫孳生") },
  { "education", "入学咨询", 180, { 0, 70, 30 }, { 30, 60, 10 }, "市北区教育和体育局",
    "community_cadre", GW_DEMO_SEASON_ENROLMENT, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民咨询孩子入学报名", "居民咨询学区划分") },
  { "education", "课后托管", 120, { 0, 60, 40 }, { 10, 60, 30 }, "市北区教育和体育局",
    "social_worker", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("双职工家庭希望社区提供课后托管", "居民希望假期开设托管班") },
  { "education", "法治宣传", 100, { 0, 80, 20 }, { 10, 50, 40 }, "市北区司法局",
    "party_branch", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民希望社区开展法律咨询讲座", "居民希望开展防范电信诈骗宣传") },
  { "transport", "停车难", 400, { 0, 60, 40 }, { 10, 60, 30 }, "市北区城市管理局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_MARKET, 20, FALSE,
    D ("院内停车位紧张，车辆乱停堵塞消防通道", "外来车辆长期占用小区车位") },
  { "transport", "共享单车乱停", 250, { 0, 40, 60 }, { 50, 45, 5 }, "市北区城市管理局",
    "volunteer", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_MARKET, 40, FALSE,
    D ("附近共享单车乱停乱放，堵塞人行道", "门口共享单车堆积无人清理") },
  { "transport", "公交出行", 150, { 0, 20, 80 }, { 5, 55, 40 }, "市北区交通运输局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民建议附近增设公交站点", "居民反映附近公交车班次太少") },
  { "transport", "交通设施", 200, { 0, 30, 70 }, { 20, 60, 20 }, "青岛市公安局市北分局",
    "police", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("附近路口红绿灯故障", "附近路口缺少斑马线，老人过马路不安全") },
  { "employment", "就业帮扶", 250, { 0, 70, 30 }, { 10, 70, 20 }, "市北区人力资源和社会保障局",
    "social_worker", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("失业居民需要就业岗位推荐", "居民希望参加技能培训") },
  { "employment", "低保申请", 200, { 0, 60, 40 }, { 10, 80, 10 }, "市北区民政局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民咨询低保申请条件", "困难家庭申请临时救助") },
  { "employment", "社保咨询", 150, { 0, 70, 30 }, { 30, 60, 10 }, "市北区医疗保障局",
    "community_cadre", GW_DEMO_SEASON_ALL, GW_DEMO_HOTSPOT_NONE, 0, FALSE,
    D ("居民咨询养老保险缴费", "居民咨询医保异地就医备案") },
};
const guint gw_demo_n_subcategories = G_N_ELEMENTS (gw_demo_subcategories);

G_STATIC_ASSERT (G_N_ELEMENTS (gw_demo_subcategories) == 33);

const char * const gw_demo_visit_notes[] = {
  "入户走访，了解家庭基本情况",
  "发放《民意需求调查表》和便民服务联系卡",
  "宣传政策法规，收集意见建议",
  "重点人群回访，情况稳定",
  "走访独居老人，身体状况良好",
  "核实人口信息，更新户情档案",
  "宣传消防安全和防范电信诈骗",
  "了解就业需求，推荐招聘信息",
};
const guint gw_demo_n_visit_notes = G_N_ELEMENTS (gw_demo_visit_notes);

const GwDemoCalendarDay gw_demo_calendar[] = {
  { "2025-01-01", FALSE, "元旦" },
  { "2025-01-26", TRUE, "春节调休上班" },
  { "2025-01-28", FALSE, "春节" },
  { "2025-01-29", FALSE, "春节" },
  { "2025-01-30", FALSE, "春节" },
  { "2025-01-31", FALSE, "春节" },
  { "2025-02-03", FALSE, "春节" },
  { "2025-02-04", FALSE, "春节" },
  { "2025-02-08", TRUE, "春节调休上班" },
  { "2025-04-04", FALSE, "清明节" },
  { "2025-04-27", TRUE, "劳动节调休上班" },
  { "2025-05-01", FALSE, "劳动节" },
  { "2025-05-02", FALSE, "劳动节" },
  { "2025-05-05", FALSE, "劳动节" },
  { "2025-06-02", FALSE, "端午节" },
  { "2025-09-28", TRUE, "国庆节调休上班" },
  { "2025-10-01", FALSE, "国庆节、中秋节" },
  { "2025-10-02", FALSE, "国庆节、中秋节" },
  { "2025-10-03", FALSE, "国庆节、中秋节" },
  { "2025-10-06", FALSE, "国庆节、中秋节" },
  { "2025-10-07", FALSE, "国庆节、中秋节" },
  { "2025-10-08", FALSE, "国庆节、中秋节" },
  { "2025-10-11", TRUE, "国庆节调休上班" },
  { "2026-01-01", FALSE, "元旦" },
  { "2026-01-02", FALSE, "元旦" },
  { "2026-01-04", TRUE, "元旦调休上班" },
  { "2026-02-14", TRUE, "春节调休上班" },
  { "2026-02-16", FALSE, "春节" },
  { "2026-02-17", FALSE, "春节" },
  { "2026-02-18", FALSE, "春节" },
  { "2026-02-19", FALSE, "春节" },
  { "2026-02-20", FALSE, "春节" },
  { "2026-02-23", FALSE, "春节" },
  { "2026-02-28", TRUE, "春节调休上班" },
  { "2026-04-06", FALSE, "清明节" },
  { "2026-05-01", FALSE, "劳动节" },
  { "2026-05-04", FALSE, "劳动节" },
  { "2026-05-05", FALSE, "劳动节" },
  { "2026-05-09", TRUE, "劳动节调休上班" },
  { "2026-06-19", FALSE, "端午节" },
  { "2026-09-20", TRUE, "国庆节调休上班" },
  { "2026-09-25", FALSE, "中秋节" },
  { "2026-10-01", FALSE, "国庆节" },
  { "2026-10-02", FALSE, "国庆节" },
  { "2026-10-05", FALSE, "国庆节" },
  { "2026-10-06", FALSE, "国庆节" },
  { "2026-10-07", FALSE, "国庆节" },
  { "2026-10-10", TRUE, "国庆节调休上班" },
};
const guint gw_demo_n_calendar = G_N_ELEMENTS (gw_demo_calendar);
