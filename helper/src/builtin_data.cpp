#include "data.h"
#include "data_tables.h"

namespace gator {

const Data& builtin_data() {
  static const Data data = builtin_tables();
  return data;
}

}  // namespace gator
