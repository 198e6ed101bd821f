// One line of words for each event type of the status stream.

export function describe(e) {
  const who = e.alias || e.from_alias || '';
  switch (e.type) {
    case 'message.delivered':
      return `${e.from_alias} mailed ${e.to_alias}: ${e.subject || '(no subject)'}`;
    case 'message.acknowledged':
      return `${who} read a mail${e.subject ? `: ${e.subject}` : ''}`;
    case 'chat.message_sent':
      return `${e.from_alias} → ${(e.to_aliases || []).join(', ')}: ${e.preview || ''}`;
    case 'bead.claimed':
      return `${who} claimed ${e.bead_id}${e.title ? ` ${e.title}` : ''}`;
    case 'bead.unclaimed':
      return `${who} released ${e.bead_id}`;
    case 'bead.status_changed':
      return `${who}: ${e.bead_id} ${e.old_status || 'new'} → ${e.new_status}${e.title ? ` (${e.title})` : ''}`;
    case 'bead.removed':
      return `${who}: ${e.bead_id} removed`;
    case 'reservation.acquired':
      return `${who} locked ${(e.paths || []).join(', ')}${e.reason ? ` (${e.reason})` : ''}`;
    case 'reservation.released':
      return `${who} released ${(e.paths || []).join(', ')}`;
    case 'escalation.created':
      return `${who} escalated: ${e.subject || ''}`;
    case 'escalation.reminder':
      return `still unanswered (reminder ${e.reminder}): ${who} escalated ${e.subject || ''}`;
    case 'escalation.responded':
      return `escalation answered: ${e.response || ''}`;
    default:
      return `${e.type}${who ? ` by ${who}` : ''}`;
  }
}

/** The category (before the dot) names the CSS class of the feed line. */
export function category(e) {
  return String(e.type || '').split('.')[0];
}
