import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, redact, redactingChatModel } from './redaction.js';
import { ScriptedChatModel } from './testing/scripted-chat-model.js';

describe('redact', () => {
  it('hides addresses, account ids, ARNs\' accounts and keys behind stable placeholders, and restores them', () => {
    const text = 'web-1 at 10.0.1.15 and 54.12.9.200 (again 10.0.1.15) in account 123456789012, role arn:aws:iam::123456789012:role/deploy, key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const redacted = redact(text);
    assert.equal(
      redacted.text,
      'web-1 at <ip-1> and <ip-2> (again <ip-1>) in account <account-1>, role arn:aws:iam::<account-1>:role/deploy, key <secret-1> secret <secret-2>',
    );
    assert.equal(redacted.restore(redacted.text), text);
  });

  it('keeps what is not sensitive: 0.0.0.0/0, versions, ids with digits, hashes', () => {
    const text = 'open to 0.0.0.0/0; aws-cli/2.9.19; ami-0123456789abcdef0; i-0123456789012abcd; sha 0123456789abcdef0123456789abcdef01234567';
    assert.equal(redact(text).text, text);
  });

  it('hides the value of password= and "token": fields', () => {
    const redacted = redact('DB_PASSWORD=hunter2hunter2 {"token": "abcdef123456"}');
    assert.equal(redacted.text, 'DB_PASSWORD=<secret-1> {"token": "<secret-2>"}');
  });

  it('leaves placeholders it did not make alone', () => {
    assert.equal(new Redactor().restore('ask about <ip-9>'), 'ask about <ip-9>');
  });
});

describe('redactingChatModel', () => {
  it('sends only placeholders and restores values in text and tool-call arguments', async () => {
    const inner = new ScriptedChatModel([
      { text: 'Checking <ip-1>.', toolCalls: [{ name: 'ping', arguments: { address: '<ip-1>', account: '<account-1>' } }] },
    ]);
    const redactor = new Redactor();
    const model = redactingChatModel(inner, redactor);
    const turn = await model.complete({
      system: 'Account 123456789012.',
      messages: [
        { role: 'user', content: 'is 10.0.1.15 reachable?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'describe', arguments: { ip: '10.0.1.15' }, rawArguments: '{"ip":"10.0.1.15"}' }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'describe', content: '{"PrivateIpAddress":"10.0.1.15","OwnerId":"123456789012"}' },
      ],
    });
    const sent = JSON.stringify(inner.requests[0]);
    assert.ok(!sent.includes('10.0.1.15') && !sent.includes('123456789012'), sent);
    assert.ok(sent.includes('<ip-1>') && sent.includes('<account-1>'));
    assert.equal(turn.text, 'Checking 10.0.1.15.');
    assert.deepEqual(turn.toolCalls[0]?.arguments, { address: '10.0.1.15', account: '123456789012' });
    assert.deepEqual(JSON.parse(turn.toolCalls[0]!.rawArguments), { address: '10.0.1.15', account: '123456789012' });
  });
});
