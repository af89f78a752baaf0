import type pointsZh from './points.zh-CN';

const pointsEn: typeof pointsZh = {};
export default pointsEn;
