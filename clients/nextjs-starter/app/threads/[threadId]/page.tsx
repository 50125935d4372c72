import { ConversationView } from '@/components/ConversationView';

export default async function ThreadPage({ params }: { params: Promise<{ threadId: string }> }) {
  const { threadId } = await params;
  // keyed: another thread starts from an empty view instead of showing the previous one while it loads
  return <ConversationView key={threadId} threadId={threadId} />;
}
