/**
 * HubSpot CRM › Deals › Export (CSV or xlsx): Record ID, Deal Name, Deal Stage, Amount, Close Date, Pipeline,
 * Deal owner, Create Date, Associated Company (or Contact). Deal stages of the default pipeline: internal values
 * appointmentscheduled, qualifiedtobuy, presentationscheduled, decisionmakerboughtin, contractsent, closedwon,
 * closedlost (labels "Closed Won", "Closed Lost" …). Only closed won deals are revenue.
 * HubSpot Knowledge Base, "Set up and customize pipelines" / "HubSpot's default deal properties"
 * (https://knowledge.hubspot.com/properties/hubspots-default-deal-properties).
 */
import type { ExportFormat } from './types.js';

const OPEN_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];
const OPEN_LABELS = [
  'appointment scheduled',
  'qualified to buy',
  'presentation scheduled',
  'decision maker bought in',
  'decision maker bought-in',
  'contract sent',
];

export const hubspotDeals: ExportFormat = {
  id: 'hubspot-deals',
  name: { en: 'HubSpot deals export', 'zh-CN': 'HubSpot 交易导出' },
  docs: 'https://knowledge.hubspot.com/properties/hubspots-default-deal-properties',
  kind: 'orders',
  signatures: [['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date']],
  columns: [
    { header: 'Record ID', role: 'order_id' },
    { header: 'Deal Name', role: null },
    { header: 'Deal Stage', role: 'status' },
    { header: 'Amount', role: 'amount' },
    { header: 'Close Date', role: 'date' },
    { header: /^associated compan(y|ies)( name)?$/i, role: 'customer_id' },
    { header: /^(original source|original traffic source|deal source)$/i, role: 'channel' },
  ],
  statuses: {
    closedwon: 'won',
    'closed won': 'won',
    closedlost: 'lost',
    'closed lost': 'lost',
    ...Object.fromEntries([...OPEN_STAGES, ...OPEN_LABELS].map((s) => [s, 'open' as const])),
  },
};
