// A message's delivery state per recipient (docs/delivery.md): stored → notified → seen → acked.
import {h} from './dom.js';

/** One badge per recipient; nothing for a message without recipients. */
export function delivery(list) {
  if (!list || list.length === 0) return null;
  return h('div', {class: 'delivery', dataset: {delivery: ''}},
    list.map((d) => h('span', {class: `badge ${d.state}`, dataset: {alias: d.alias, state: d.state}}, `${d.alias} ${d.state}`)));
}
