// How each kind of node is drawn, shared by the graph and its legend. Victims are calm blue circles; the
// values a ring controls get warm colours and a shape per kind; agents are dark stars; neighbours loaded on
// demand are small grey dots so they never compete with the ring itself.

export const VICTIM = { shape: 'ellipse', color: '#5b8db8', border: '#3d6a93', name: 'Victim (policyholder)' };
export const AGENT = { shape: 'star', color: '#5a3d87', border: '#3f2a60', name: 'Agent' };
export const NEIGHBOUR = { shape: 'ellipse', color: '#d5dbe1', border: '#9aa5b1', name: 'Neighbour (outside the ring)' };

export const CONTROLLER_KINDS = {
  phone: { shape: 'round-rectangle', color: '#e08a3c', border: '#b0651f', name: 'Phone' },
  bank_account: { shape: 'diamond', color: '#c2453b', border: '#8f2b23', name: 'Bank account' },
  address: { shape: 'hexagon', color: '#a1785c', border: '#77553e', name: 'Address' },
  email: { shape: 'round-tag', color: '#d4a72c', border: '#9c7a17', name: 'E-mail' },
  device: { shape: 'triangle', color: '#2a9d8f', border: '#1b6e64', name: 'Device' },
  ip: { shape: 'vee', color: '#6f9a3a', border: '#4c6d25', name: 'IP address' },
  representative: { shape: 'octagon', color: '#b5667a', border: '#864556', name: 'Representative' },
  complaint_template: { shape: 'rectangle', color: '#7a8591', border: '#545e69', name: 'Complaint template' },
  holder: { shape: 'ellipse', color: '#e0a35c', border: '#b0651f', name: 'Holder (controlling)' },
  agent: { shape: 'star', color: '#e08a3c', border: '#b0651f', name: 'Agent (controlling)' },
};
const OTHER = { shape: 'round-rectangle', color: '#9aa5b1', border: '#6b7785', name: 'Other value' };

/** How links are drawn, by the strongest evidence among their records (graph.js sets the class). */
export const EDGE_LOOKS = [
  { cls: 'strong', name: 'Switched to / paid out to', color: '#d98b5f', dashed: false, width: 2.5 },
  { cls: 'medium', name: 'Used in a request', color: '#b9c3cd', dashed: false, width: 2 },
  { cls: 'weak', name: 'Registered at purchase', color: '#c3cbd3', dashed: true, width: 1.5 },
  { cls: 'agent-link', name: 'Sold the policy', color: '#a597c2', dashed: true, width: 1.5 },
];
const edgeColor = cls => EDGE_LOOKS.find(look => look.cls === cls).color;
export const EDGE_COLORS = { strong: edgeColor('strong'), medium: edgeColor('medium'), weak: edgeColor('weak'), agent: edgeColor('agent-link') };

/** The drawing style of a node from its role and kind. */
export function styleOf(role, kind) {
  if (role === 'neighbour') return NEIGHBOUR;
  if (role === 'agent' || (role !== 'controller' && kind === 'agent')) return AGENT;
  if (role === 'controller') return CONTROLLER_KINDS[kind] ?? OTHER;
  return VICTIM;
}

/** Outline of a shape as SVG polygon points in a 16×16 box (for the legend); null means draw a circle. */
export function glyphPoints(shape) {
  const c = 8;
  const regular = (n, r, rotate = -Math.PI / 2) =>
    Array.from({ length: n }, (_, i) => {
      const a = rotate + (i * 2 * Math.PI) / n;
      return `${(c + r * Math.cos(a)).toFixed(1)},${(c + r * Math.sin(a)).toFixed(1)}`;
    }).join(' ');
  switch (shape) {
    case 'ellipse': return null;
    case 'rectangle': return '2,3 14,3 14,13 2,13';
    case 'round-rectangle': return '3,3 13,3 14,4 14,12 13,13 3,13 2,12 2,4';
    case 'diamond': return '8,1 15,8 8,15 1,8';
    case 'hexagon': return regular(6, 7, 0);
    case 'octagon': return regular(8, 7, Math.PI / 8);
    case 'triangle': return '8,1.5 15,14 1,14';
    case 'vee': return '1,2 8,6 15,2 8,14';
    case 'round-tag': return '2,3 11,3 15,8 11,13 2,13';
    case 'star':
      return Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const r = i % 2 === 0 ? 7.5 : 3.2;
        return `${(c + r * Math.cos(a)).toFixed(1)},${(c + r * Math.sin(a)).toFixed(1)}`;
      }).join(' ');
    default: return '2,2 14,2 14,14 2,14';
  }
}
