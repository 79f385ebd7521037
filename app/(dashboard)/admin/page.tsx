import { redirect } from 'next/navigation';
import { requireOperator } from '../_server/guard';

export default async function AdminHome() {
  await requireOperator();
  redirect('/admin/tenants');
}
