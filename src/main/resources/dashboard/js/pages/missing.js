// Any path the router does not know.
import {h, mount} from '../dom.js';

export async function render(view) {
  mount(view, h('h1', null, 'No such page'), h('p', null, 'Go to the ', h('a', {href: '/status'}, 'Status'), ' page.'));
}
