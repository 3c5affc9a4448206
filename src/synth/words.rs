//! The words and places synthetic datasets are made of: provinces, countries, syllables of
//! names, zones, publishers, and the calibration of the built-in VRFB template.

use crate::dataset::{Grade, RegionKind};

/// Mainland provinces, in order of (made-up) weight in the VRFB industry: code, Chinese and
/// English names.
pub(super) const PROVINCES: [(&str, &str, &str); 31] = [
    ("sc", "四川省", "Sichuan"),
    ("ln", "辽宁省", "Liaoning"),
    ("hn", "湖南省", "Hunan"),
    ("he", "河北省", "Hebei"),
    ("gs", "甘肃省", "Gansu"),
    ("sn", "陕西省", "Shaanxi"),
    ("hb", "湖北省", "Hubei"),
    ("js", "江苏省", "Jiangsu"),
    ("zj", "浙江省", "Zhejiang"),
    ("gd", "广东省", "Guangdong"),
    ("sd", "山东省", "Shandong"),
    ("ah", "安徽省", "Anhui"),
    ("fj", "福建省", "Fujian"),
    ("jx", "江西省", "Jiangxi"),
    ("ha", "河南省", "Henan"),
    ("sx", "山西省", "Shanxi"),
    ("nm", "内蒙古自治区", "Inner Mongolia"),
    ("jl", "吉林省", "Jilin"),
    ("hl", "黑龙江省", "Heilongjiang"),
    ("gx", "广西壮族自治区", "Guangxi"),
    ("hi", "海南省", "Hainan"),
    ("cq", "重庆市", "Chongqing"),
    ("gz", "贵州省", "Guizhou"),
    ("yn", "云南省", "Yunnan"),
    ("xz", "西藏自治区", "Tibet"),
    ("qh", "青海省", "Qinghai"),
    ("nx", "宁夏回族自治区", "Ningxia"),
    ("xj", "新疆维吾尔自治区", "Xinjiang"),
    ("bj", "北京市", "Beijing"),
    ("tj", "天津市", "Tianjin"),
    ("sh", "上海市", "Shanghai"),
];

/// Other countries with VRFB firms: code, Chinese and English names.
pub(super) const COUNTRIES: [(&str, &str, &str); 10] = [
    ("us", "美国", "United States"),
    ("de", "德国", "Germany"),
    ("jp", "日本", "Japan"),
    ("au", "澳大利亚", "Australia"),
    ("za", "南非", "South Africa"),
    ("gb", "英国", "United Kingdom"),
    ("kr", "韩国", "South Korea"),
    ("ru", "俄罗斯", "Russia"),
    ("ca", "加拿大", "Canada"),
    ("br", "巴西", "Brazil"),
];

/// Syllables of made-up place and brand names: pinyin and character.
pub(super) const SYLLABLES: [(&str, &str); 48] = [
    ("an", "安"),
    ("bao", "宝"),
    ("chang", "长"),
    ("cheng", "成"),
    ("da", "大"),
    ("de", "德"),
    ("dong", "东"),
    ("feng", "丰"),
    ("fu", "富"),
    ("guang", "广"),
    ("hai", "海"),
    ("he", "和"),
    ("heng", "恒"),
    ("hong", "宏"),
    ("hua", "华"),
    ("hui", "汇"),
    ("jia", "嘉"),
    ("jiang", "江"),
    ("jin", "金"),
    ("kai", "凯"),
    ("le", "乐"),
    ("li", "立"),
    ("lian", "联"),
    ("long", "龙"),
    ("ming", "明"),
    ("nan", "南"),
    ("ning", "宁"),
    ("pan", "攀"),
    ("ping", "平"),
    ("qing", "清"),
    ("rong", "融"),
    ("rui", "瑞"),
    ("shan", "山"),
    ("sheng", "盛"),
    ("tai", "泰"),
    ("tian", "天"),
    ("tong", "通"),
    ("wei", "威"),
    ("xin", "鑫"),
    ("xing", "兴"),
    ("yang", "阳"),
    ("yuan", "源"),
    ("yun", "云"),
    ("ze", "泽"),
    ("zhi", "智"),
    ("zhong", "中"),
    ("zhou", "州"),
    ("yu", "宇"),
];

/// Zone and park suffixes: id part, Chinese and English names, kind.
pub(super) const ZONES: [(&str, &str, &str, RegionKind); 6] = [
    ("hitech", "高新区", "High-tech Zone", RegionKind::Zone),
    (
        "etdz",
        "经开区",
        "Economic Development Zone",
        RegionKind::Zone,
    ),
    ("ip", "工业园区", "Industrial Park", RegionKind::Park),
    ("newarea", "新区", "New Area", RegionKind::Zone),
    ("chem", "化工园区", "Chemical Park", RegionKind::Park),
    ("port", "港区", "Port Zone", RegionKind::Zone),
];

/// Words of firm names by segment (resource, materials, stack, system, application, or the
/// same share of a longer chain, upstream first): Chinese, English.
pub(super) const INDUSTRY: [[(&str, &str); 2]; 5] = [
    [("矿业", "Mining"), ("钒业", "Vanadium")],
    [("新材料", "New Materials"), ("化工", "Chemical")],
    [("能源", "Energy"), ("储能", "Energy Storage")],
    [("电气", "Electric"), ("储能", "Energy Storage")],
    [("新能源", "New Energy"), ("电力", "Power")],
];

/// Publishers of sources, with the evidence grade their reports usually earn.
pub(super) const PUBLISHERS: [(&str, Grade); 12] = [
    ("四川省经济和信息化厅", Grade::A),
    ("国家能源局", Grade::A),
    ("上海证券交易所公告", Grade::A),
    ("新华网", Grade::A),
    ("中国能源报", Grade::B),
    ("北极星储能网", Grade::B),
    ("高工储能", Grade::B),
    ("储能与电力市场", Grade::B),
    ("Energy Storage News", Grade::B),
    ("OFweek储能网", Grade::C),
    ("雪球 (repost)", Grade::C),
    ("百家号 (repost)", Grade::C),
];

/// Hosts of source URLs (made up: `example` domains).
pub(super) const HOSTS: [&str; 6] = [
    "news.example-energy.cn",
    "www.example-gov.cn",
    "static.example-exchange.cn",
    "storage.example-media.com",
    "m.example-portal.cn",
    "blog.example-forum.cn",
];

/// Events of source titles: Chinese, English.
pub(super) const EVENTS: [(&str, &str); 5] = [
    ("签约", "signs"),
    ("开工", "breaks ground on"),
    ("投产", "starts production of"),
    ("扩产", "expands"),
    ("获评", "is recognised for"),
];

/// Notes on facts and links.
pub(super) const NOTES: [&str; 4] = [
    "产能数据来自企业公告，与媒体报道存在差异",
    "capacity as announced; the trade press reports a lower figure",
    "一期工程，二期在规划中",
    "framework agreement; volumes not disclosed",
];
