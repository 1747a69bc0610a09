// Schema-valid sample values for mock replies: every required field set, lexical forms valid
// for their XSD type, repetition within minOccurs/maxOccurs.
#ifndef DRAGOMAN_SERVER_MOCK_SAMPLE_MESSAGE_H_
#define DRAGOMAN_SERVER_MOCK_SAMPLE_MESSAGE_H_

#include <google/protobuf/message.h>

namespace dragoman::mock {

// Fills `message` with sample values that its translator can encode. Recursive types stop at a
// fixed depth, leaving optional fields unset there.
void FillSample(google::protobuf::Message* message);

}  // namespace dragoman::mock

#endif  // DRAGOMAN_SERVER_MOCK_SAMPLE_MESSAGE_H_
