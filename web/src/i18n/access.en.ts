import type accessZh from './access.zh-CN';

const accessEn: typeof accessZh = {};
export default accessEn;
