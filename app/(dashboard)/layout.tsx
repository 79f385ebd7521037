import { Providers } from '@/components/providers';

// Pages below check the session themselves (each layout and page, on the server).
export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <Providers>{children}</Providers>;
}
