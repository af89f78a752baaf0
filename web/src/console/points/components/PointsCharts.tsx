/**
 * The chief's charts: household points by grid (bar) and net points by month (line, grid members
 * and households). ECharts is imported piece by piece from echarts/core and this file is loaded
 * lazily, so the console's first load does not carry it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build (lib/ is CommonJS, whose default export arrives as a module object in the bundle).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Charts } from '../../../api/types';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export default function PointsCharts({ data, phone }: { data: Charts; phone: boolean }) {
  const { t } = useTranslation();
  const many = data.byGrid.length > 12;
  const byGrid = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 24, bottom: many ? 64 : 40 },
    xAxis: {
      type: 'category',
      data: data.byGrid.map((g) => g.code),
      axisLabel: { interval: 0, rotate: many ? 45 : 0 },
    },
    yAxis: { type: 'value', name: t('points.standings.pointsAxis') },
    dataZoom: many ? [{ type: 'slider', height: 16, bottom: 4, startValue: 0, endValue: phone ? 9 : 29 }] : [],
    series: [
      {
        type: 'bar',
        name: t('points.standings.householdPoints'),
        data: data.byGrid.map((g) => ({ value: g.points, name: g.name })),
        itemStyle: { color: '#b7312c' },
      },
    ],
  };
  const byMonth = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: data.byMonth.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'line',
        name: t('points.standings.memberNet'),
        data: data.byMonth.map((m) => m.member),
        smooth: true,
        itemStyle: { color: '#1677ff' },
      },
      {
        type: 'bar',
        name: t('points.standings.householdNet'),
        data: data.byMonth.map((m) => m.household),
        itemStyle: { color: '#d4b106' },
      },
    ],
  };
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24} xl={14}>
        <Card title={t('points.standings.byGrid')} size={phone ? 'small' : undefined} data-testid="chart-by-grid">
          <ReactEChartsCore echarts={echarts} option={byGrid} style={{ height: 320 }} notMerge />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('points.standings.byMonth')} size={phone ? 'small' : undefined} data-testid="chart-by-month">
          <ReactEChartsCore echarts={echarts} option={byMonth} style={{ height: 320 }} notMerge />
        </Card>
      </Col>
    </Row>
  );
}
