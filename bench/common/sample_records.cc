#include "bench/common/sample_records.h"

#include <string>

namespace dragoman::bench {

::bench::cobrix::Record Test1Record(int accounts) {
  ::bench::cobrix::Record record;
  record.set_id(42);
  record.mutable_company()->set_short_name("ACME BANK");
  record.mutable_company()->set_company_id_num(12345);
  record.mutable_metadata()->set_clientid("CLIENT-000042");
  record.mutable_metadata()->set_registration_num("REG-778");
  for (int i = 0; i < accounts; ++i) {
    auto* account = record.mutable_metadata()->mutable_account()->add_account_detail();
    account->set_account_number("0000000000001100220033" + std::to_string(10 + i));
    account->set_account_type_n(static_cast<uint32_t>(10000 + i));
  }
  return record;
}

::bench::records::CustomerReply EveryUsageReply() {
  ::bench::records::CustomerReply reply;
  reply.set_rpl_message("All good");
  reply.set_rpl_balance("-1234567890123.45");
  reply.set_rpl_big("-12345678901234567890");
  reply.set_rpl_count(-2);
  reply.set_rpl_ratio(0.1);
  reply.set_rpl_short_ratio(0.5);
  reply.set_rpl_thousands(125000);
  reply.set_rpl_name_n("Zoe");
  reply.set_rpl_edited(" 1,234.50-");
  for (int i = 0; i < 3; ++i) {
    auto* limit = reply.add_rpl_limits();
    limit->set_rpl_limit_kind("DY");
    limit->set_rpl_limit_value(-1000 * (i + 1));
  }
  reply.add_rpl_tag("ABC");
  reply.add_rpl_tag("XYZ");
  for (int i = 0; i < 5; ++i) {
    auto* txn = reply.add_rpl_txn();
    txn->set_rpl_txn_id(100001 + static_cast<uint32_t>(i));
    txn->set_rpl_txn_amount("-1234567.89");
  }
  return reply;
}

}  // namespace dragoman::bench
