// 江南省 — a fictional province. Its codes follow GB/T 2260 structure
// (province xx0000, city xxyy00, district yy 02–20, county 21–80, county-level
// city 81–99) under the prefix 39, which no real province uses, so no figure
// in the demo can be mistaken for a real county's performance.
// Townships extend a county with 3 digits + '000' (001–099 街道, 1xx 镇, 2xx 乡),
// as in the national 12-digit statistical division codes.

export interface CountySeed {
  code: string;
  name: string;
  /** Relative population / service volume. */
  weight: number;
}

export interface CitySeed {
  code: string;
  name: string;
  weight: number;
  counties: CountySeed[];
}

export const PROVINCE = { code: '390000', name: '江南省', short: '江南' } as const;

const c = (code: string, name: string, weight: number): CountySeed => ({ code, name, weight });

export const CITIES: CitySeed[] = [
  {
    code: '390100', name: '临江市', weight: 3.2, counties: [
      c('390102', '望江区', 1.4), c('390105', '湖滨区', 1.2), c('390106', '云栖区', 1.3), c('390108', '钱湾区', 1.5),
      c('390110', '桐溪区', 1.1), c('390122', '清溪县', 0.5), c('390182', '建安市', 0.7),
    ],
  },
  {
    code: '390200', name: '明州市', weight: 2.4, counties: [
      c('390203', '月湖区', 1.1), c('390205', '江北区', 0.9), c('390206', '北仑湾区', 1.0), c('390212', '东钱区', 1.3),
      c('390225', '象岭县', 0.5), c('390282', '慈水市', 0.9),
    ],
  },
  {
    code: '390300', name: '越溪市', weight: 2.1, counties: [
      c('390302', '鹿鸣区', 1.0), c('390304', '瓯湾区', 0.9), c('390324', '永安县', 0.6), c('390326', '平川县', 0.7),
      c('390381', '瑞溪市', 0.9), c('390382', '乐川市', 1.0),
    ],
  },
  {
    code: '390400', name: '禾川市', weight: 1.5, counties: [
      c('390402', '禾城区', 0.9), c('390411', '秀水区', 0.8), c('390421', '善德县', 0.5), c('390424', '海陵县', 0.4),
      c('390481', '宁湖市', 0.7),
    ],
  },
  {
    code: '390500', name: '丹霞市', weight: 1.2, counties: [
      c('390502', '霞城区', 0.8), c('390503', '丹溪区', 0.6), c('390521', '安澜县', 0.5), c('390522', '长宁县', 0.5),
      c('390523', '竹溪县', 0.4),
    ],
  },
  {
    code: '390600', name: '会稽市', weight: 1.8, counties: [
      c('390602', '越城区', 0.9), c('390603', '柯桥湾区', 0.9), c('390604', '上虞湖区', 0.7), c('390624', '新岭县', 0.4),
      c('390681', '暨阳市', 0.8), c('390683', '剡溪市', 0.5),
    ],
  },
  {
    code: '390700', name: '婺源市', weight: 1.7, counties: [
      c('390702', '婺城区', 0.8), c('390703', '金东湖区', 0.6), c('390723', '武川县', 0.4), c('390726', '浦阳县', 0.4),
      c('390782', '稠城市', 1.2), c('390783', '东阳川市', 0.7),
    ],
  },
  {
    code: '390800', name: '三衢市', weight: 0.9, counties: [
      c('390802', '柯山区', 0.6), c('390803', '衢江湾区', 0.4), c('390822', '常岭县', 0.3), c('390824', '开源县', 0.3),
      c('390881', '江郎市', 0.4),
    ],
  },
  {
    code: '390900', name: '海岛市', weight: 0.6, counties: [
      c('390902', '定澜区', 0.6), c('390903', '普济区', 0.4), c('390921', '岱岛县', 0.2), c('390922', '嵊礁县', 0.1),
      c('390923', '东极县', 0.1),
    ],
  },
  {
    code: '391000', name: '台岭市', weight: 1.6, counties: [
      c('391002', '椒川区', 0.7), c('391003', '黄岩湖区', 0.6), c('391004', '路桥湾区', 0.6), c('391022', '三门湾县', 0.3),
      c('391081', '温岭川市', 0.9), c('391082', '临海岭市', 0.7),
    ],
  },
  {
    code: '391100', name: '处州市', weight: 0.8, counties: [
      c('391102', '莲城区', 0.6), c('391121', '青溪县', 0.4), c('391122', '缙源县', 0.3), c('391123', '遂宁县', 0.2),
      c('391181', '剑泉市', 0.4),
    ],
  },
];

/** Stems for township names; suffixed 街道 / 镇 / 乡 by the county's kind. */
export const TOWNSHIP_STEMS = [
  '城东', '城西', '城南', '城北', '新城', '古塘', '长安', '白马', '青石', '桃源', '花溪', '柳岸', '杏林', '荷塘',
  '枫桥', '梧桐', '双溪', '三江', '五里', '七星', '石门', '凤鸣', '龙山', '金沙', '碧湖', '梅溪', '竹林', '鹤山',
  '西陵', '东港', '南浦', '北固', '云峰', '岭下', '湖塘', '仙岩', '平桥', '大洋', '横溪', '沙岗',
];
