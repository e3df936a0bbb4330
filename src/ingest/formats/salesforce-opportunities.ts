/**
 * Salesforce opportunities report, exported (Reports › Export › Details only, CSV or xlsx): Opportunity ID,
 * Opportunity Name, Account Name, Stage, Amount, Close Date, Probability (%), Lead Source, Type. Standard stages:
 * Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers, Perception Analysis,
 * Proposal/Price Quote, Negotiation/Review (open), Closed Won, Closed Lost.
 * Salesforce Help, "Opportunity Fields" (https://help.salesforce.com/s/articleView?id=sf.opp_fields.htm) and
 * "Export a Report" (https://help.salesforce.com/s/articleView?id=sf.reports_export.htm).
 */
import type { ExportFormat } from './types.js';

const OPEN = [
  'prospecting',
  'qualification',
  'needs analysis',
  'value proposition',
  'id. decision makers',
  'perception analysis',
  'proposal/price quote',
  'negotiation/review',
];

export const salesforceOpportunities: ExportFormat = {
  id: 'salesforce-opportunities',
  name: { en: 'Salesforce opportunities report', 'zh-CN': 'Salesforce 商机报表' },
  docs: 'https://help.salesforce.com/s/articleView?id=sf.opp_fields.htm',
  kind: 'orders',
  signatures: [['Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Close Date']],
  columns: [
    { header: 'Opportunity ID', role: 'order_id' },
    { header: 'Opportunity Name', role: null },
    { header: 'Account Name', role: 'customer_id' },
    { header: 'Stage', role: 'status' },
    { header: 'Amount', role: 'amount' },
    { header: 'Close Date', role: 'date' },
    { header: 'Lead Source', role: 'channel' },
    { header: /^probability( \(%\))?$/i, role: null },
  ],
  statuses: {
    'closed won': 'won',
    'closed lost': 'lost',
    ...Object.fromEntries(OPEN.map((s) => [s, 'open' as const])),
  },
};
