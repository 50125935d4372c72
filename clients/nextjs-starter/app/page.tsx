import { NewConversation } from '@/components/NewConversation';

export default function Home() {
  return <NewConversation />;
}
