import { Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { messagePageRendering } from './message-page-rendering';

/** The `messages` field of `{ conversation { <selection> } }`. */
function messagesField(selection: string): FieldNode {
  const operation = parse(`{ conversation { ${selection} } }`).definitions[0] as OperationDefinitionNode;
  const conversation = operation.selectionSet.selections[0] as FieldNode;
  const messages = conversation.selectionSet!.selections[0]!;
  if (messages.kind !== Kind.FIELD) throw new Error('not a field');
  return messages;
}

describe('messagePageRendering', () => {
  it('takes plain fields, their aliases and order, the count and type names', () => {
    expect(messagePageRendering(messagesField('messages(first: 10) { edges { node { id role content timestamp } } }'))).toEqual({
      connection: [['edges', 'edges']],
      node: 'node',
      fields: [['id', 'id'], ['role', 'role'], ['content', 'content'], ['timestamp', 'timestamp']],
    });
    expect(
      messagePageRendering(messagesField('m: messages(last: $n) { n: totalCount e: edges { x: node { t: timestamp __typename externalId conversationId } } __typename }')),
    ).toEqual({
      connection: [['n', 'totalCount'], ['e', 'edges'], ['__typename', '__typename']],
      node: 'x',
      fields: [['t', 'timestamp'], ['__typename', '__typename'], ['externalId', 'externalId'], ['conversationId', 'conversationId']],
    });
  });

  it('leaves every other selection to the ordinary path', () => {
    const refused = [
      'messages { edges { cursor node { id } } }',
      'messages { pageInfo { hasNextPage } edges { node { id } } }',
      'messages { edges { node { id metadata } } }',
      'messages { edges { node { ...M } } }',
      'messages { edges { ... on MessageEdge { node { id } } } }',
      'messages { edges { node { id @include(if: $yes) } } }',
      'messages @skip(if: $no) { edges { node { id } } }',
      'messages { edges { node { id id } } }',
      'messages { edges { node { a: id a: content } } }',
      'messages { edges { node { id } } edges { node { content } } }',
      'messages { totalCount }',
      'messages { edges { node { __typename } } e: edges { node { id } } }',
    ];
    for (const selection of refused) expect([selection, messagePageRendering(messagesField(selection))]).toEqual([selection, null]);
  });
});
